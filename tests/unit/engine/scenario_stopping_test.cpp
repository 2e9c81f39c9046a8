// SEMANTICS §18 scenarios 37-42: stopping.
#include <catch2/catch.hpp>

#include "engine_harness.hpp"
#include "pipeline_builder.hpp"

using namespace lockstep::engine;
using namespace lockstep::engine::testing;
using S = PipelineExecutionStatus;
using St = StageExecutionStatus;

TEST_CASE("S18.37 stop and wait") {
  Harness h(fixture_f());
  for (const char* id : {"E1", "E2"}) {
    h.start(id);
    h.run_until_at(id, "B");
  }
  const Decision d = h.stop("E1", false, "r");
  REQUIRE(d.accepted());
  CHECK(d.pipelineExecutionId == "E1");
  CHECK(h.status("E1") == S::Stopping);
  CHECK(h.stage_status("E1", "B") == St::Stopping);
  CHECK(h.is_running("E1", "b1"));
  CHECK(h.inbound("B") == std::vector<std::string>{"E2"});
  h.succeed("E1", "b1");
  CHECK(h.status("E1") == S::Stopped);
  CHECK(h.stage_status("E1", "B") == St::Stopped);
  CHECK(h.attempts("E1", "c1").empty());
  CHECK(h.lock_holder("B") == "E2");
  CHECK(h.execution("E1").stopReason == std::optional<std::string>("r"));
}

TEST_CASE("S18.37b stop and wait then retry without a waiter") {
  Harness h(fixture_f());
  h.start("E1");
  h.run_until_at("E1", "B");
  h.stop("E1", false, "r");
  h.succeed("E1", "b1");
  REQUIRE(h.status("E1") == S::Stopped);
  CHECK(Harness::error(h.retry("B", "E1", StageRetryMode::FailedActions)) ==
        "StageNotRetryableException");
  REQUIRE(h.retry("B", "E1", StageRetryMode::AllActions).accepted());
  CHECK(h.attempts("E1", "b1").size() == 2);
  h.succeed("E1", "b1");
  CHECK(h.stage_status("E1", "B") == St::Succeeded);
  CHECK(h.is_running("E1", "c1"));
}

TEST_CASE("S18.38 stop and abandon") {
  Harness h(fixture_f());
  h.start("E1");
  h.run_until_at("E1", "B");
  const std::string b1 = h.running_id("E1", "b1");
  REQUIRE(h.stop("E1", true).accepted());
  CHECK(h.latest_attempt("E1", "b1").status == ActionExecutionStatus::Abandoned);
  CHECK(h.status("E1") == S::Stopped);
  CHECK(h.stage_status("E1", "B") == St::Stopped);
  bool cancelled = false;
  for (const auto& e : h.effects) {
    if (const auto* c = std::get_if<CancelAction>(&e))
      cancelled = cancelled || c->actionExecutionId == b1;
  }
  CHECK(cancelled);
  // A late success report for the abandoned attempt is ignored.
  ActionCompleted late;
  late.pipelineName = "P";
  late.pipelineExecutionId = "E1";
  late.actionExecutionId = b1;
  const Decision d = h.run(late);
  CHECK(d.accepted());
  CHECK(d.effects.empty());
  CHECK(h.latest_attempt("E1", "b1").status == ActionExecutionStatus::Abandoned);
}

TEST_CASE("S18.39 escalation and duplicates") {
  Harness h(fixture_f());
  h.start("E1");
  h.run_until_at("E1", "B");
  REQUIRE(h.stop("E1").accepted());
  CHECK(Harness::error(h.stop("E1")) == "DuplicatedStopRequestException");
  REQUIRE(h.stop("E1", true).accepted());
  CHECK(h.status("E1") == S::Stopped);
  CHECK(h.latest_attempt("E1", "b1").status == ActionExecutionStatus::Abandoned);
  CHECK(Harness::error(h.stop("E1", true)) == "PipelineExecutionNotStoppableException");
}

TEST_CASE("S18.40 stopping finished executions") {
  Harness h(fixture_f());
  h.start("E1");
  h.settle("E1");  // Succeeded
  h.start("E2");
  h.run_until_at("E2", "A");
  h.fail("E2", "a1");  // Failed
  h.start("E3");
  h.run_until_at("E3", "B");
  h.start("E4");
  h.run_until_at("E4", "B");
  h.start("E5");
  h.run_until_at("E5", "B");  // E4 Superseded
  h.update(fixture_f());      // E5 Cancelled
  REQUIRE(h.status("E1") == S::Succeeded);
  REQUIRE(h.status("E2") == S::Failed);
  REQUIRE(h.status("E4") == S::Superseded);
  REQUIRE(h.status("E5") == S::Cancelled);
  for (const char* id : {"E1", "E2", "E4", "E5"}) {
    CHECK(Harness::error(h.stop(id)) == "PipelineExecutionNotStoppableException");
  }
  CHECK(Harness::error(h.stop("nope")) == "PipelineExecutionNotStoppableException");
  CHECK(Harness::error(h.run(StopExecution{"nope", "E1", false, ""})) ==
        "PipelineNotFoundException");
}

TEST_CASE("S18.41 stopping an inbound execution at a disabled transition") {
  Harness h(fixture_f());
  h.disable("B");
  h.start("E2");
  h.run_until_at("E2", "B");
  REQUIRE(h.inbound("B") == std::vector<std::string>{"E2"});
  REQUIRE(h.stop("E2").accepted());
  CHECK(h.status("E2") == S::Stopped);
  CHECK(h.events(EventSubject::PipelineExecution, "E2") ==
        std::vector<std::string>{"STARTED", "STOPPED"});
  h.enable("B");
  CHECK_FALSE(h.entered("E2", "B"));
  CHECK(h.lock_holder("B").empty());
}

TEST_CASE("S18.42 stop during approval") {
  PipelineBuilder b("P");
  b.stage("Source").source("src").stage("A").action("a1").stage("B").approval("ap");
  b.stage("C").action("c1");
  Harness h(b.build());
  h.start("E1");
  h.run_until_at("E1", "B");
  const std::string token = h.latest_attempt("E1", "ap").token;
  REQUIRE_FALSE(token.empty());
  REQUIRE(h.stop("E1").accepted());
  CHECK(h.status("E1") == S::Stopping);
  REQUIRE(h.stop("E1", true).accepted());
  CHECK(h.latest_attempt("E1", "ap").status == ActionExecutionStatus::Abandoned);
  CHECK(h.status("E1") == S::Stopped);
  CHECK(Harness::error(h.approve("B", "ap", token)) == "InvalidApprovalTokenException");
}

TEST_CASE("S18.42b stop-and-wait during approval ends when the approval is answered") {
  PipelineBuilder b("P");
  b.stage("Source").source("src").stage("B").approval("ap").stage("C").action("c1");
  Harness h(b.build());
  h.start("E1");
  h.run_until_at("E1", "B");
  h.stop("E1");
  REQUIRE(h.approve("B", "ap", h.latest_attempt("E1", "ap").token).accepted());
  CHECK(h.status("E1") == S::Stopped);
  CHECK(h.attempts("E1", "c1").empty());
}

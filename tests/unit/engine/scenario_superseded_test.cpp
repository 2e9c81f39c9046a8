// SEMANTICS §18 scenarios 1-8: execution modes, SUPERSEDED.
#include <catch2/catch.hpp>

#include "engine_harness.hpp"
#include "pipeline_builder.hpp"

using namespace lockstep::engine;
using namespace lockstep::engine::testing;
using S = PipelineExecutionStatus;
using St = StageExecutionStatus;

TEST_CASE("S18.1 happy path") {
  Harness h(fixture_f());
  REQUIRE(h.start("E1").accepted());
  h.settle("E1");
  CHECK(h.status("E1") == S::Succeeded);
  for (const char* stage : {"Source", "A", "B", "C"})
    CHECK(h.stage_status("E1", stage) == St::Succeeded);
  const auto& actions = h.execution("E1").actionExecutions;
  REQUIRE(actions.size() == 4);
  std::vector<std::string> order;
  for (const auto& a : actions) {
    CHECK(a.status == ActionExecutionStatus::Succeeded);
    order.push_back(a.stageName);
  }
  CHECK(order == std::vector<std::string>{"Source", "A", "B", "C"});
  CHECK(h.events(EventSubject::PipelineExecution, "E1") ==
        std::vector<std::string>{"STARTED", "SUCCEEDED"});
}

TEST_CASE("S18.2 waiting and superseding") {
  Harness h(fixture_f());
  h.start("E1");
  h.run_until_at("E1", "B");
  REQUIRE(h.is_running("E1", "b1"));
  h.start("E2");
  h.run_until_at("E2", "B");
  CHECK(h.status("E2") == S::InProgress);
  CHECK(h.inbound("B") == std::vector<std::string>{"E2"});
  h.start("E3");
  h.run_until_at("E3", "B");
  CHECK(h.status("E2") == S::Superseded);
  CHECK(h.inbound("B") == std::vector<std::string>{"E3"});
  h.succeed("E1", "b1");
  CHECK(h.lock_holder("B") == "E3");
  CHECK(h.is_running("E3", "b1"));
  CHECK(h.inbound("B").empty());
  CHECK_FALSE(h.entered("E2", "B"));
}

TEST_CASE("S18.3 running executions are never superseded") {
  Harness h(fixture_f());
  h.start("E1");
  h.run_until_at("E1", "B");
  h.start("E2");
  h.run_until_at("E2", "B");
  h.start("E3");
  h.run_until_at("E3", "B");
  CHECK(h.status("E1") == S::InProgress);
  h.settle("E1");
  CHECK(h.status("E1") == S::Succeeded);
  CHECK(h.stage_status("E1", "B") == St::Succeeded);
  CHECK(h.stage_status("E1", "C") == St::Succeeded);
}

TEST_CASE("S18.4 stage released on completion not on next-stage entry") {
  Harness h(fixture_f());
  h.start("E1");
  h.run_until_at("E1", "C");
  REQUIRE(h.is_running("E1", "c1"));
  h.start("E2");
  h.run_until_at("E2", "C");
  CHECK(h.stage_status("E2", "B") == St::Succeeded);
  CHECK(h.lock_holder("B").empty());
  CHECK(h.inbound("C") == std::vector<std::string>{"E2"});
  CHECK(h.lock_holder("C") == "E1");
  // E3 can enter the free stage B while E2 waits in front of C.
  h.start("E3");
  h.run_until_at("E3", "B");
  CHECK(h.lock_holder("B") == "E3");
}

TEST_CASE("S18.5 superseded execution is terminal") {
  Harness h(fixture_f());
  h.start("E1");
  h.run_until_at("E1", "B");
  h.start("E2");
  h.run_until_at("E2", "B");
  h.start("E3");
  h.run_until_at("E3", "B");
  REQUIRE(h.status("E2") == S::Superseded);
  CHECK(Harness::error(h.stop("E2")) == "PipelineExecutionNotStoppableException");
  CHECK(Harness::error(h.retry("A", "E2", StageRetryMode::FailedActions)) ==
        "NotLatestPipelineExecutionException");
  CHECK(Harness::error(h.retry("B", "E2", StageRetryMode::FailedActions)) ==
        "StageNotRetryableException");
  CHECK(h.status("E2") == S::Superseded);
}

TEST_CASE("S18.6 failure frees the stage for the waiter") {
  Harness h(fixture_f());
  h.start("E1");
  h.run_until_at("E1", "B");
  h.start("E2");
  h.run_until_at("E2", "B");
  h.fail("E1", "b1");
  CHECK(h.status("E1") == S::Failed);
  CHECK(h.stage_status("E1", "B") == St::Failed);
  CHECK(h.latest("B") == "E2");
  CHECK(h.lock_holder("B") == "E2");
  CHECK(h.is_running("E2", "b1"));
  CHECK(Harness::error(h.retry("B", "E1", StageRetryMode::FailedActions)) ==
        "NotLatestPipelineExecutionException");
}

TEST_CASE("S18.7 disabled transition with superseding") {
  Harness h(fixture_f());
  h.disable("B");
  for (const char* id : {"E1", "E2", "E3"}) {
    h.start(id);
    h.run_until_at(id, "B");
  }
  CHECK(h.status("E1") == S::Superseded);
  CHECK(h.status("E2") == S::Superseded);
  CHECK(h.inbound("B") == std::vector<std::string>{"E3"});
  h.enable("B");
  CHECK(h.lock_holder("B") == "E3");
  CHECK(h.is_running("E3", "b1"));
}

TEST_CASE("S18.8 waiting at the first stage") {
  Harness h(fixture_f());
  h.start("E1");
  REQUIRE(h.is_running("E1", "src"));
  h.start("E2");
  CHECK(h.inbound("Source") == std::vector<std::string>{"E2"});
  h.start("E3");
  CHECK(h.status("E2") == S::Superseded);
  CHECK(h.inbound("Source") == std::vector<std::string>{"E3"});
  h.succeed("E1", "src");
  CHECK(h.lock_holder("Source") == "E3");
}

TEST_CASE("S18.86 CreatePipeline auto-start records one execution") {
  Harness h(fixture_f());
  StartExecution start;
  start.trigger = {"CreatePipeline", "tester"};
  REQUIRE(h.start("E1", start).accepted());
  CHECK(h.pipeline().executions.size() == 1);
  CHECK(h.execution("E1").trigger.triggerType == "CreatePipeline");
}

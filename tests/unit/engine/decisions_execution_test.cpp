// Pins the engine's choices where SEMANTICS marks behaviour unconfirmed (engine/DECISIONS.md):
// execution modes, updates, stop, retry, transitions, approvals, variables, recovery.
#include <catch2/catch.hpp>

#include "engine_harness.hpp"
#include "pipeline_builder.hpp"

using namespace lockstep::engine;
using namespace lockstep::engine::testing;
using S = PipelineExecutionStatus;
using St = StageExecutionStatus;
using Ids = std::vector<std::string>;

TEST_CASE("decision: with the first-stage switch off executions queue in front of Source") {
  Harness h(fixture_f());
  h.state.settings.supersedeAtFirstStage = false;
  for (const char* id : {"E1", "E2", "E3"}) h.start(id);
  CHECK(h.status("E2") == S::InProgress);
  CHECK(h.inbound("Source") == Ids{"E2", "E3"});
  h.succeed("E1", "src");
  CHECK(h.lock_holder("Source") == "E2");
  // Superseding still happens at the second stage's entry.
  h.disable("B");
  h.run_until_at("E1", "B");
  h.run_until_at("E2", "B");
  CHECK(h.status("E1") == S::Superseded);
}

TEST_CASE("decision: a failed execution keeps Failed once another execution enters its stage") {
  Harness h(fixture_f());
  h.start("E1");
  h.run_until_at("E1", "B");
  h.fail("E1", "b1");
  h.start("E2");
  h.run_until_at("E2", "C");
  CHECK(h.status("E1") == S::Failed);
}

TEST_CASE(
    "decision: an update cancels a Stopping execution and a stop after an update still ends "
    "Cancelled") {
  Harness h(fixture_f());
  h.start("E1");
  h.run_until_at("E1", "B");
  h.stop("E1");
  REQUIRE(h.status("E1") == S::Stopping);
  h.update(fixture_f());
  h.succeed("E1", "b1");
  CHECK(h.status("E1") == S::Cancelled);
  CHECK(h.stage_status("E1", "B") == St::Cancelled);

  h.start("E2");
  h.run_until_at("E2", "B");
  h.update(fixture_f());
  REQUIRE(h.stop("E2", true).accepted());
  CHECK(h.status("E2") == S::Cancelled);
}

TEST_CASE("decision: PARALLEL retry skips the latest-execution test") {
  Harness h(fixture_f(ExecutionMode::Parallel));
  h.start("E1");
  h.run_until_at("E1", "B");
  h.fail("E1", "b1");
  h.start("E2");
  h.settle("E2");
  REQUIRE(h.status("E2") == S::Succeeded);
  REQUIRE(h.retry("B", "E1", StageRetryMode::FailedActions).accepted());
  h.settle("E1");
  CHECK(h.status("E1") == S::Succeeded);
}

TEST_CASE("decision: disabled transitions survive a pipeline update") {
  Harness h(fixture_f());
  h.disable("B", "freeze");
  h.update(fixture_f());
  CHECK_FALSE(h.pipeline().stages.at("B").inboundTransition.enabled);
  CHECK(h.pipeline().stages.at("B").inboundTransition.disabledReason == "freeze");
}

TEST_CASE("decision: an oversized resolved configuration fails the action with a summary") {
  PipelineBuilder b("P");
  b.stage("Source").source("src").stage("B").action("b1").configure("Big",
                                                                    std::string(101 * 1024, 'x'));
  Harness h(b.build());
  h.start("E1");
  h.succeed("E1", "src");
  CHECK(h.latest_attempt("E1", "b1").summary ==
        "The resolved configuration exceeds the 100 KB limit: Action name=b1");
  CHECK(h.status("E1") == S::Failed);
}

TEST_CASE("decision: variables are resolved again when a retry re-runs an action") {
  PipelineBuilder b("P");
  b.stage("Source").source("src").stage("B").action("build").in_namespace("BuildVars");
  b.action("deploy", 2).configure("Image", "#{BuildVars.Image}");
  Harness h(b.build());
  h.start("E1");
  h.succeed("E1", "src");
  h.succeed("E1", "build", {{"Image", "one"}});
  h.fail("E1", "deploy");
  REQUIRE(h.retry("B", "E1", StageRetryMode::AllActions).accepted());
  h.succeed("E1", "build", {{"Image", "two"}});
  CHECK(h.running.at(h.running_id("E1", "deploy")).resolvedConfiguration.at("Image") == "two");
}

TEST_CASE("decision: text that is not a variable reference is left unchanged") {
  PipelineBuilder b("P");
  b.stage("Source").source("src").stage("B").action("b1").configure("T", "#{notref} #{a.} ok");
  Harness h(b.build());
  h.start("E1");
  h.succeed("E1", "src");
  CHECK(h.running.at(h.running_id("E1", "b1")).resolvedConfiguration.at("T") ==
        "#{notref} #{a.} ok");
}

TEST_CASE("decision: automatic retry does not engage for a condition failure") {
  PipelineBuilder b("P");
  b.stage("Source").source("src").stage("B").action("b1");
  b.before_entry(
      ConditionResult::Fail,
      {rule("r", "VariableCheck", {{"Variable", "a"}, {"Value", "b"}, {"Operator", "EQ"}})});
  b.on_failure(ConditionResult::Retry, StageRetryMode::AllActions);
  Harness h(b.build());
  h.start("E1");
  h.succeed("E1", "src");
  CHECK(h.status("E1") == S::Failed);
  CHECK(h.stage("E1", "B").autoStageRetryAttempt == 0);
}

TEST_CASE("decision: re-disabling a transition restarts its 30-day clock") {
  Harness h(fixture_f());
  h.disable("B");
  h.start("E1");
  h.run_until_at("E1", "B");
  h.clock.advance(20 * kDayMs);
  h.disable("B", "still frozen");
  h.clock.advance(20 * kDayMs);
  h.enable("B");
  CHECK(h.lock_holder("B") == "E1");
}

TEST_CASE("decision: approval timeout is a Failed attempt with code TimeoutError") {
  PipelineBuilder b("P");
  b.stage("Source").source("src").stage("B").approval("ap", 1, 5);
  Harness h(b.build());
  h.start("E1");
  h.succeed("E1", "src");
  h.advance_to(h.clock.now() + 5 * kMinuteMs);
  const ActionExecution& ap = h.latest_attempt("E1", "ap");
  REQUIRE(ap.errorDetails);
  CHECK(ap.errorDetails->code == "TimeoutError");
}

TEST_CASE("decision: the same client request token returns the same execution") {
  Harness h(fixture_f());
  StartExecution first;
  first.clientRequestToken = "tok";
  REQUIRE(h.start("E1", first).accepted());
  const Decision again = h.start("E2", first);
  REQUIRE(again.accepted());
  CHECK(again.pipelineExecutionId == "E1");
  CHECK(h.pipeline().executions.size() == 1);
}

TEST_CASE("decision: recovery fails interrupted actions and re-arms timers") {
  PipelineBuilder b("P");
  b.stage("Source").source("src").stage("B").approval("ap").action("b1");
  Harness h(b.build());
  h.start("E1");
  h.succeed("E1", "src");
  const std::string b1 = h.running_id("E1", "b1");
  const Decision d = h.run(RecoverAfterRestart{{{"P", "E1", b1}}});
  REQUIRE(d.accepted());
  CHECK(h.latest_attempt("E1", "b1").summary == "interrupted by server restart");
  CHECK(h.latest_attempt("E1", "ap").status == ActionExecutionStatus::InProgress);
  int timers = 0;
  for (const auto& e : d.effects) timers += std::holds_alternative<ArmTimer>(e) ? 1 : 0;
  CHECK(timers == 1);
  REQUIRE(h.approve("B", "ap", h.latest_attempt("E1", "ap").token).accepted());
  CHECK(h.status("E1") == S::Failed);
}

TEST_CASE("decision: reports for unknown or finished attempts") {
  Harness h(fixture_f());
  ActionCompleted unknown;
  unknown.pipelineName = "P";
  unknown.pipelineExecutionId = "E1";
  unknown.actionExecutionId = "nope";
  CHECK(Harness::error(h.run(unknown)) == "ActionNotFoundException");
  CHECK(Harness::error(h.run(PipelineUpdated{fixture_f()})) == "ValidationException");
}

TEST_CASE("decision: ids the engine makes are lowercase UUIDs and replayable") {
  IdSource a{7, 0};
  IdSource b{7, 0};
  const auto lowercase_uuid = [](const std::string& id) {
    if (id.size() != 36) return false;
    for (std::size_t i = 0; i < id.size(); ++i) {
      const char c = id[i];
      const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
      if (dash ? c != '-' : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    }
    return id[19] == '8' || id[19] == '9' || id[19] == 'a' || id[19] == 'b';  // variant 1
  };
  const std::string id = a.next_ordered(1'700'000'000'000);
  CHECK(id == b.next_ordered(1'700'000'000'000));
  CHECK(lowercase_uuid(id));
  CHECK(id[14] == '7');
  CHECK(id.substr(0, 13) == "018bcfe5-6800");  // 1,700,000,000,000 ms, as RFC 9562 lays it out
  CHECK(a.next_ordered(1'700'000'000'000) != id);

  const std::string token = a.next_random();
  CHECK(token == (b.next_ordered(1'700'000'000'000), b.next_random()));
  CHECK(lowercase_uuid(token));
  CHECK(token[14] == '4');
}

TEST_CASE("decision: execution ids are version 4 UUIDs and attempt ids version 7") {
  Harness h(fixture_f());
  StartExecution start;
  start.pipelineName = "P";
  start.trigger = {"StartPipelineExecution", "test"};
  const Decision d = h.run(start);
  REQUIRE(d.accepted());
  REQUIRE(d.pipelineExecutionId.size() == 36);
  CHECK(d.pipelineExecutionId[14] == '4');  // API.md: executions get version 4 UUIDs
  const std::string attempt = h.running_id(d.pipelineExecutionId, "src");
  REQUIRE(attempt.size() == 36);
  CHECK(attempt[14] == '7');
}

TEST_CASE("decision: ids made later sort later so storage writes them side by side") {
  IdSource ids{0x5eed, 0};
  std::string previous = ids.next_ordered(1'700'000'000'000);
  // The same millisecond many times over, then later ones.
  int out_of_order = 0;
  for (int i = 0; i < 3000; ++i) {
    const std::string id = ids.next_ordered(1'700'000'000'000 + i / 1000);
    if (!(previous < id)) ++out_of_order;
    previous = id;
  }
  CHECK(out_of_order == 0);
  CHECK(previous < ids.next_ordered(1'700'000'000'500));
}

TEST_CASE("decision: deleting a pipeline cancels its running actions and forgets it") {
  Harness h(fixture_f());
  h.start("E1");
  const std::string src = h.running_id("E1", "src");
  const Decision d = h.run(PipelineDeleted{"P"});
  REQUIRE(d.accepted());
  bool cancelled = false;
  for (const auto& e : d.effects) {
    if (const auto* c = std::get_if<CancelAction>(&e)) cancelled = c->actionExecutionId == src;
  }
  CHECK(cancelled);
  CHECK(h.state.pipelines.empty());
  CHECK(Harness::error(h.run(PipelineDeleted{"P"})) == "PipelineNotFoundException");
}

TEST_CASE("decision: events carry the execution attempt and start time") {
  Harness h(fixture_f());
  h.start("E1");
  h.run_until_at("E1", "B");
  h.fail("E1", "b1");
  h.retry("B", "E1", StageRetryMode::FailedActions);
  const Notify* last = nullptr;
  for (const auto& e : h.effects) {
    if (const auto* n = std::get_if<Notify>(&e)) last = n;
  }
  REQUIRE(last != nullptr);
  CHECK(last->executionAttempt == 2);
  CHECK(last->executionStartTime == h.execution("E1").startTime);
}

TEST_CASE("decision: oversized output variables fail the action") {
  Harness h(fixture_f());
  h.start("E1");
  h.succeed("E1", "src", {{"CommitMessage", std::string(122881, 'm')}});
  CHECK(h.latest_attempt("E1", "src").summary ==
        "The output variables exceed the 122880-byte limit: Action name=src");
  CHECK(h.status("E1") == S::Failed);
}

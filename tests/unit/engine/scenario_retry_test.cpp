// SEMANTICS §18 scenarios 28-36: retry rules.
#include <catch2/catch.hpp>

#include "engine_harness.hpp"
#include "pipeline_builder.hpp"

using namespace lockstep::engine;
using namespace lockstep::engine::testing;
using S = PipelineExecutionStatus;
using St = StageExecutionStatus;
using Events = std::vector<std::string>;

namespace {

PipelineDeclaration auto_retry_b(ConditionResult result = ConditionResult::Retry) {
  PipelineBuilder b("P");
  b.stage("Source").source("src").stage("A").action("a1").stage("B").action("b1");
  b.on_failure(result, StageRetryMode::FailedActions).stage("C").action("c1");
  return b.build();
}

}  // namespace

TEST_CASE("S18.28 retry of a succeeded stage") {
  Harness h(fixture_f());
  h.start("E1");
  h.run_until_at("E1", "B");
  CHECK(Harness::error(h.retry("A", "E1", StageRetryMode::FailedActions)) ==
        "StageNotRetryableException");
}

TEST_CASE("S18.29 latest-execution rule") {
  Harness h(fixture_f());
  h.start("E1");
  h.run_until_at("E1", "A");
  h.fail("E1", "a1");
  REQUIRE(h.status("E1") == S::Failed);
  h.start("E2");
  h.run_until_at("E2", "C");
  REQUIRE(h.stage_status("E2", "A") == St::Succeeded);
  CHECK(Harness::error(h.retry("A", "E1", StageRetryMode::FailedActions)) ==
        "NotLatestPipelineExecutionException");
}

TEST_CASE("S18.30 successful manual retry") {
  Harness h(fixture_f());
  h.start("E1");
  h.run_until_at("E1", "B");
  h.fail("E1", "b1");
  REQUIRE(h.status("E1") == S::Failed);
  const Decision d = h.retry("B", "E1", StageRetryMode::FailedActions);
  REQUIRE(d.accepted());
  CHECK(d.pipelineExecutionId == "E1");
  CHECK(h.status("E1") == S::InProgress);
  const StageExecution& b = h.stage("E1", "B");
  CHECK(b.manualStageRetryAttempt == 1);
  CHECK(b.latestRetryTrigger == StageRetryTrigger::ManualStageRetry);
  h.settle("E1");
  CHECK(h.status("E1") == S::Succeeded);
  CHECK(h.events(EventSubject::PipelineExecution, "E1") ==
        Events{"STARTED", "FAILED", "RESUMED", "SUCCEEDED"});
  CHECK(h.execution("E1").attempt == 2);
}

TEST_CASE("S18.31 double retry") {
  Harness h(fixture_f());
  h.start("E1");
  h.run_until_at("E1", "B");
  h.fail("E1", "b1");
  REQUIRE(h.retry("B", "E1", StageRetryMode::FailedActions).accepted());
  REQUIRE(h.is_running("E1", "b1"));
  CHECK(Harness::error(h.retry("B", "E1", StageRetryMode::FailedActions)) ==
        "StageNotRetryableException");
  CHECK(Harness::error(h.retry("B", "E1", StageRetryMode::AllActions)) ==
        "StageNotRetryableException");
}

TEST_CASE("S18.32 retry of a stopped execution") {
  Harness h(fixture_f());
  h.start("E1");
  h.run_until_at("E1", "B");
  const std::string first = h.running_id("E1", "b1");
  REQUIRE(h.stop("E1", true).accepted());
  REQUIRE(h.latest_attempt("E1", "b1").status == ActionExecutionStatus::Abandoned);
  REQUIRE(h.status("E1") == S::Stopped);
  REQUIRE(h.stage_status("E1", "B") == St::Stopped);
  REQUIRE(h.retry("B", "E1", StageRetryMode::FailedActions).accepted());
  CHECK(h.status("E1") == S::InProgress);
  CHECK(h.is_running("E1", "b1"));
  CHECK(h.running_id("E1", "b1") != first);
  h.settle("E1");
  CHECK(h.status("E1") == S::Succeeded);
}

TEST_CASE("S18.33 stopped inbound execution cannot be retried") {
  Harness h(fixture_f());
  h.start("E1");
  h.run_until_at("E1", "B");
  h.start("E2");
  h.run_until_at("E2", "B");
  REQUIRE(h.stop("E2").accepted());
  CHECK(Harness::error(h.retry("B", "E2", StageRetryMode::FailedActions)) ==
        "StageNotRetryableException");
  CHECK(h.status("E2") == S::Stopped);
}

TEST_CASE("S18.34 automatic retry with one attempt") {
  Harness h(auto_retry_b());
  h.start("E1");
  h.run_until_at("E1", "B");
  h.fail("E1", "b1");
  CHECK(h.status("E1") == S::InProgress);
  CHECK(h.is_running("E1", "b1"));
  h.fail("E1", "b1");
  CHECK(h.attempts("E1", "b1").size() == 2);
  const StageExecution& b = h.stage("E1", "B");
  CHECK(b.autoStageRetryAttempt == 1);
  CHECK(b.latestRetryTrigger == StageRetryTrigger::AutomatedStageRetry);
  CHECK(h.status("E1") == S::Failed);
  REQUIRE(h.retry("B", "E1", StageRetryMode::FailedActions).accepted());
  CHECK(h.stage("E1", "B").manualStageRetryAttempt == 1);
  h.fail("E1", "b1");  // a manual retry does not re-arm the automatic one
  CHECK(h.status("E1") == S::Failed);
  CHECK(h.attempts("E1", "b1").size() == 3);
}

TEST_CASE("S18.35 automatic retry succeeds") {
  Harness h(auto_retry_b());
  h.start("E1");
  h.run_until_at("E1", "B");
  h.fail("E1", "b1");
  h.settle("E1");
  CHECK(h.status("E1") == S::Succeeded);
  CHECK(h.events(EventSubject::PipelineExecution, "E1") == Events{"STARTED", "SUCCEEDED"});
}

TEST_CASE("S18.36 skipped stage cannot be retried") {
  PipelineBuilder b("P");
  b.stage("Source").source("src").stage("A").action("a1").stage("B").action("b1");
  b.before_entry(ConditionResult::Skip, {rule("r", "VariableCheck",
                                              {{"Variable", "#{SourceVariables.BranchName}"},
                                               {"Value", "release"},
                                               {"Operator", "EQ"}})});
  b.stage("C").action("c1");
  Harness h(b.build());
  h.start("E1");
  h.settle("E1");
  REQUIRE(h.stage_status("E1", "B") == St::Skipped);
  CHECK(Harness::error(h.retry("B", "E1", StageRetryMode::AllActions)) ==
        "StageNotRetryableException");
}

TEST_CASE("S18.9x retry checklist rejects unknown pipeline stage and execution") {
  Harness h(fixture_f());
  CHECK(Harness::error(h.run(RetryStage{"nope", "B", "E1", StageRetryMode::AllActions})) ==
        "PipelineNotFoundException");
  CHECK(Harness::error(h.retry("Z", "E1", StageRetryMode::AllActions)) == "StageNotFoundException");
  CHECK(Harness::error(h.retry("B", "E9", StageRetryMode::AllActions)) ==
        "NotLatestPipelineExecutionException");
}

// GetPipelineState as the engine projects it (SEMANTICS §3.6, §5.3.3, §11.3; scenarios 2, 9, 16,
// 43 and 47 seen through the API's shape).
#include <catch2/catch.hpp>

#include "engine/pipeline_state_view.hpp"
#include "engine_harness.hpp"
#include "pipeline_builder.hpp"

using namespace lockstep::engine;
using namespace lockstep::engine::testing;

namespace {

const StageStateView& stage_view(const std::vector<StageStateView>& views,
                                 const std::string& name) {
  for (const auto& v : views) {
    if (v.stageName == name) return v;
  }
  FAIL("no stage " << name);
  throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("S18.9v GetPipelineState lists queued inbound executions in order") {
  Harness h(fixture_f(ExecutionMode::Queued));
  for (const char* id : {"E1", "E2", "E3"}) {
    h.start(id);
    h.run_until_at(id, "B");
  }
  const auto views = pipeline_state_view(h.pipeline());
  const StageStateView& b = stage_view(views, "B");
  REQUIRE(b.inboundExecutions.size() == 2);
  CHECK(b.inboundExecutions[0].pipelineExecutionId == "E2");
  CHECK(b.inboundExecutions[1].pipelineExecutionId == "E3");
  REQUIRE(b.latestExecution);
  CHECK(b.latestExecution->pipelineExecutionId == "E1");
  CHECK(b.latestExecution->status == StageExecutionStatus::InProgress);
  REQUIRE(b.actionStates.at(0).latestExecution);
  CHECK(b.actionStates.at(0).latestExecution->status == ActionExecutionStatus::InProgress);
}

TEST_CASE("S18.16v GetPipelineState of a PARALLEL pipeline has names and transitions only") {
  Harness h(fixture_f(ExecutionMode::Parallel));
  h.disable("C", "freeze");
  h.start("E1");
  h.run_until_at("E1", "B");
  const auto views = pipeline_state_view(h.pipeline());
  REQUIRE(views.size() == 4);
  for (const auto& v : views) {
    CHECK_FALSE(v.latestExecution);
    CHECK(v.inboundExecutions.empty());
    CHECK(v.actionStates.empty());
  }
  CHECK_FALSE(stage_view(views, "C").inboundTransitionState.enabled);
}

TEST_CASE("S18.47v GetPipelineState shows the approval token of the current attempt") {
  PipelineBuilder b("P");
  b.stage("Source").source("src").stage("B").approval("ap").stage("C").action("c1");
  Harness h(b.build());
  h.start("E1");
  h.succeed("E1", "src");
  const auto views = pipeline_state_view(h.pipeline());
  const auto& ap = stage_view(views, "B").actionStates.at(0);
  REQUIRE(ap.latestExecution);
  CHECK(ap.latestExecution->token == h.latest_attempt("E1", "ap").token);
  CHECK(h.approve("B", "ap", ap.latestExecution->token).accepted());
}

TEST_CASE("S16.5v GetPipelineState shows the source revision of the stage's latest execution") {
  Harness h(fixture_f());
  h.start("E1");
  h.succeed(
      "E1", "src",
      {{"CommitId", "9f1c0d2"}, {"AuthorDate", "2024-06-01T10:00:00Z"}, {"BranchName", "main"}});
  h.start("E2");
  h.succeed("E2", "src", {{"CommitId", "77aa001"}, {"BranchName", "main"}});
  const auto views = pipeline_state_view(h.pipeline());
  const auto& src = stage_view(views, "Source").actionStates.at(0);
  REQUIRE(src.currentRevision);
  CHECK(src.currentRevision->revisionId == "77aa001");
  // Without an AuthorDate the change id falls back to the commit.
  CHECK(src.currentRevision->revisionChangeId == "77aa001");
  CHECK(src.currentRevision->created == h.latest_attempt("E2", "src").lastUpdateTime);
  // Build actions have no revision of their own.
  CHECK_FALSE(stage_view(views, "A").actionStates.at(0).currentRevision);

  Harness dated(fixture_f());
  dated.start("E1");
  dated.succeed("E1", "src", {{"CommitId", "9f1c0d2"}, {"AuthorDate", "2024-06-01T10:00:00Z"}});
  const auto dated_views = pipeline_state_view(dated.pipeline());
  const auto& first = stage_view(dated_views, "Source").actionStates.at(0);
  REQUIRE(first.currentRevision);
  CHECK(first.currentRevision->revisionChangeId == "2024-06-01T10:00:00Z");
}

TEST_CASE("S18.30v GetPipelineState shows retryStageMetadata after a manual retry") {
  Harness h(fixture_f());
  h.start("E1");
  h.run_until_at("E1", "B");
  CHECK_FALSE(stage_view(pipeline_state_view(h.pipeline()), "B").retryStageMetadata);
  h.fail("E1", "b1");
  REQUIRE(h.retry("B", "E1", StageRetryMode::FailedActions).accepted());
  const auto views = pipeline_state_view(h.pipeline());
  const auto& retry = stage_view(views, "B").retryStageMetadata;
  REQUIRE(retry);
  CHECK(retry->manualStageRetryAttempt == 1);
  CHECK(retry->autoStageRetryAttempt == 0);
  CHECK(retry->latestRetryTrigger == StageRetryTrigger::ManualStageRetry);
  CHECK_FALSE(stage_view(views, "A").retryStageMetadata);
}

TEST_CASE("S18.68v GetPipelineState shows a failed entry condition with its rule") {
  PipelineBuilder b("P");
  b.stage("Source").source("src").stage("A").action("a1").stage("B").action("b1");
  b.before_entry(
      ConditionResult::Fail,
      {rule(
          "onMain", "VariableCheck",
          {{"Variable", "#{SourceVariables.BranchName}"}, {"Value", "main"}, {"Operator", "EQ"}})});
  Harness h(b.build());
  h.start("E1");
  h.succeed("E1", "src", {{"CommitId", "abc"}, {"BranchName", "dev"}});
  h.run_until_at("E1", "B");
  const auto views = pipeline_state_view(h.pipeline());
  const auto& condition = stage_view(views, "B").condition;
  REQUIRE(condition);
  CHECK(condition->conditionType == ConditionType::BeforeEntry);
  CHECK(condition->status == ConditionStatus::Failed);
  REQUIRE(condition->ruleStates.size() == 1);
  CHECK(condition->ruleStates[0].ruleName == "onMain");
  CHECK(condition->ruleStates[0].status == RuleExecutionStatus::Failed);
  CHECK(condition->ruleStates[0].ruleExecutionId ==
        h.stage("E1", "B").condition->rules.at(0).ruleExecutionId);
  CHECK_FALSE(stage_view(views, "A").condition);
}

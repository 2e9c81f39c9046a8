// Execution state for the storage tests: an execution with every field set, and small helpers.
#pragma once

#include <cstdint>
#include <string>

#include "engine/effects.hpp"
#include "engine/engine_state.hpp"
#include "engine/pipeline_execution.hpp"

namespace lockstep::testing {

// Text that JSON has to escape, and text outside ASCII.
inline const std::string kAwkwardText = "quote \" backslash \\ newline\n tab\t bell\x07 é 日本 🚀";

inline engine::ActionExecution rich_attempt(const std::string& id, const std::string& stage,
                                            const std::string& action, std::size_t index) {
  using namespace engine;
  ActionExecution a;
  a.actionExecutionId = id;
  a.stageName = stage;
  a.actionName = action;
  a.actionIndex = index;
  a.status = ActionExecutionStatus::Failed;
  a.summary = "summary of " + id + " " + kAwkwardText;
  a.updatedBy = "arn:aws:iam::123456789012:user/" + id;
  a.startTime = 1'700'000'000'100;
  a.lastUpdateTime = 1'700'000'000'900;
  a.resolvedConfiguration = {{"ProjectName", "demo-build"}, {"Empty", ""}};
  a.inputArtifacts = {{"Src", "/artifacts/src.zip", "abc123", "attempt-0"}};
  a.outputArtifacts = {{"Out", "/artifacts/out.zip", "", id}};
  a.outputVariables = {{"IMAGE", "demo:1"}, {"NOTE", kAwkwardText}};
  a.externalExecutionId = "build/" + id;
  a.externalExecutionUrl = "https://example.com/" + id;
  a.externalExecutionSummary = "external summary";
  a.errorDetails = ErrorDetails{"JobFailed", "exit status 2"};
  a.token = "token-" + id;
  a.timerId = "approval-timeout:" + id;
  a.approvalAnswered = true;
  a.timedOut = true;
  return a;
}

// Every field, nested ones included, holds something other than its default.
inline engine::PipelineExecution rich_execution(
    const std::string& pipeline = "demo", const std::string& id = "11111111-2222-4333-8444-5555",
    std::uint64_t sequence = 7,
    engine::PipelineExecutionStatus status = engine::PipelineExecutionStatus::Stopping) {
  using namespace engine;
  PipelineExecution e;
  e.pipelineExecutionId = id;
  e.pipelineName = pipeline;
  e.sequence = sequence;
  e.pipelineVersion = 3;
  e.executionMode = ExecutionMode::Parallel;
  e.executionType = ExecutionType::Rollback;
  e.rollbackTargetPipelineExecutionId = "target-" + id;
  e.status = status;
  e.statusSummary = "stopping: " + kAwkwardText;
  e.trigger = {"WebhookV2", "arn:aws:codestar-connections:us-east-1:1:connection/x"};
  e.stopReason = "because " + kAwkwardText;
  e.stopMode = StopMode::Abandon;
  e.sourceRevisions = {{"Checkout", "COMMIT_ID", "0123456789abcdef"}};
  e.variables = {{"Env", "prod"}, {"Empty", ""}};
  e.startTime = 1'700'000'000'000;
  e.lastUpdateTime = 1'700'000'001'000;
  e.attempt = 2;
  e.position = ExecutionPosition::InsideStage;
  e.stageIndex = 1;
  e.lastStageIndex = 2;
  e.cancelPending = true;

  RuleExecution rule;
  rule.ruleExecutionId = "rule-" + id;
  rule.ruleName = "Window";
  rule.status = RuleExecutionStatus::Failed;
  rule.summary = "outside the window";
  rule.resolvedConfiguration = {{"Cron", "* 9-17 * * MON-FRI"}};
  rule.startTime = 1'700'000'000'050;
  rule.lastUpdateTime = 1'700'000'000'060;
  rule.timerId = "rule-recheck:" + id;

  StageExecution source;
  source.stageName = "Source";
  source.entered = true;
  source.status = StageExecutionStatus::Succeeded;
  source.type = ExecutionType::Rollback;
  source.latestAttempt = {0};
  source.autoStageRetryAttempt = 1;
  source.manualStageRetryAttempt = 2;
  source.latestRetryTrigger = StageRetryTrigger::ManualStageRetry;
  source.retryInProgress = true;
  source.condition = ConditionExecution{ConditionType::OnSuccess,
                                        ConditionStatus::Overridden,
                                        ConditionResult::Rollback,
                                        {rule},
                                        "overridden by an operator"};
  source.failedByOnSuccessCondition = true;

  StageExecution build;
  build.stageName = "Build";
  build.entered = true;
  build.status = StageExecutionStatus::Stopping;
  build.latestAttempt = {2, -1};

  StageExecution deploy;  // not entered: no stage execution row
  deploy.stageName = "Deploy";
  deploy.latestAttempt = {-1};

  e.stageExecutions = {source, build, deploy};
  e.actionExecutions = {rich_attempt("a0-" + id, "Source", "Checkout", 0),
                        rich_attempt("a1-" + id, "Build", "Compile", 0),
                        rich_attempt("a2-" + id, "Build", "Compile", 0)};
  e.actionExecutions[2].status = ActionExecutionStatus::InProgress;
  e.artifacts = {{"Src", {"Src", "/artifacts/src.zip", "abc123", "a0-" + id}},
                 {"Out", {"Out", "/artifacts/out.zip", "", "a2-" + id}}};
  e.namespaceVariables = {{"SourceVariables", {{"CommitId", "0123456789abcdef"}}},
                          {"BuildVariables", {{"IMAGE", "demo:1"}}}};
  return e;
}

// A plain execution: only what identifies it and its status.
inline engine::PipelineExecution plain_execution(const std::string& pipeline, const std::string& id,
                                                 std::uint64_t sequence,
                                                 engine::PipelineExecutionStatus status) {
  engine::PipelineExecution e;
  e.pipelineExecutionId = id;
  e.pipelineName = pipeline;
  e.sequence = sequence;
  e.status = status;
  e.trigger = {"StartPipelineExecution", "test"};
  e.startTime = 1000 + static_cast<engine::Timestamp>(sequence);
  e.lastUpdateTime = e.startTime;
  return e;
}

inline engine::StartAction rich_start_action(const std::string& execution_id = "exec-1") {
  using namespace engine;
  StartAction s;
  s.actionExecutionId = "attempt-" + execution_id;
  s.pipelineName = "demo";
  s.pipelineVersion = 4;
  s.pipelineExecutionId = execution_id;
  s.stageName = "Build";
  s.action.name = "Compile";
  s.action.actionTypeId = {ActionCategory::Compute, ActionOwner::Custom, "Commands", "2"};
  s.action.runOrder = 3;
  s.action.configuration = {{"Raw", "#{SourceVariables.CommitId}"}};
  s.action.commands = {"make", "make test"};
  s.action.inputArtifacts = {"Src"};
  s.action.outputArtifacts = {{"Out", {"bin/**", "lib/*.so"}}};
  s.action.outputVariables = {"VERSION"};
  s.action.roleArn = "arn:aws:iam::123456789012:role/build";
  s.action.region = "eu-west-1";
  s.action.namespace_ = "BuildVariables";
  s.action.timeoutInMinutes = 45;
  s.action.environmentVariables = {{"TOKEN", "secret-id", "SECRETS_MANAGER"}};
  s.resolvedConfiguration = {{"Raw", "0123456789abcdef"}};
  s.resolvedCommands = {"make", "make test " + kAwkwardText};
  s.resolvedEnvironmentVariables = {{"MODE", "release", "PLAINTEXT"}};
  s.inputArtifacts = {{"Src", "/artifacts/src.zip", "abc123", "attempt-0"}};
  s.sourceRevisions = {{"Checkout", "COMMIT_ID", "0123456789abcdef"}};
  s.approvalToken = "token-xyz";
  s.approvalExpiresAt = 1'700'000'604'800;
  return s;
}

}  // namespace lockstep::testing

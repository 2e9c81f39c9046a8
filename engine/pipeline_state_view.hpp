// GetPipelineState as a projection of the engine state: stage locks, waiters, latest executions
// and transitions in the API's shape (SEMANTICS §3.6, §5.3.3, §10).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/engine_state.hpp"

namespace lockstep::engine {

struct InboundExecutionView {
  std::string pipelineExecutionId;
  int pipelineVersion = 1;
  PipelineExecutionStatus status = PipelineExecutionStatus::InProgress;
};

struct StageLatestExecutionView {
  std::string pipelineExecutionId;
  StageExecutionStatus status = StageExecutionStatus::InProgress;
  ExecutionType type = ExecutionType::Standard;
};

struct ActionLatestExecutionView {
  std::string actionExecutionId;
  ActionExecutionStatus status = ActionExecutionStatus::InProgress;
  std::string summary;
  Timestamp lastStatusChange = 0;
  std::string token;  // approvals, SUPERSEDED/QUEUED only (§5.3.5)
  std::string externalExecutionId;
  std::string externalExecutionUrl;
  std::optional<ErrorDetails> errorDetails;
  std::string updatedBy;
};

// A source action's revision in the stage's latest execution (§16.5 `currentRevision`).
struct ActionRevisionView {
  std::string revisionId;        // the commit
  std::string revisionChangeId;  // the commit's AuthorDate output variable, else the commit
  Timestamp created = 0;         // when the source action produced it
};

struct ActionStateView {
  std::string actionName;
  std::optional<ActionRevisionView> currentRevision;
  std::optional<ActionLatestExecutionView> latestExecution;
};

struct RuleStateView {
  std::string ruleName;
  std::string ruleExecutionId;
  RuleExecutionStatus status = RuleExecutionStatus::InProgress;
  std::string summary;
  Timestamp lastStatusChange = 0;
};

// The condition the stage's latest execution evaluated last, in the slot of its type.
struct ConditionStateView {
  ConditionType conditionType = ConditionType::BeforeEntry;
  ConditionStatus status = ConditionStatus::InProgress;
  std::string summary;
  Timestamp lastStatusChange = 0;
  std::vector<RuleStateView> ruleStates;
};

struct RetryStageMetadataView {
  int autoStageRetryAttempt = 0;    // 0: absent
  int manualStageRetryAttempt = 0;  // 0: absent
  std::optional<StageRetryTrigger> latestRetryTrigger;
};

struct StageStateView {
  std::string stageName;
  TransitionState inboundTransitionState;
  std::vector<InboundExecutionView> inboundExecutions;  // FIFO; the first is `inboundExecution`
  std::optional<StageLatestExecutionView> latestExecution;
  std::vector<ActionStateView> actionStates;
  std::optional<ConditionStateView> condition;
  std::optional<RetryStageMetadataView> retryStageMetadata;  // once the stage has been retried
};

// Stages of the current version in order. A PARALLEL pipeline reports only names and transitions
// (our decision, §5.3.3).
std::vector<StageStateView> pipeline_state_view(const PipelineState& p);

}  // namespace lockstep::engine

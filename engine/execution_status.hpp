// The status vocabularies of executions, stages, actions, conditions and rules, spelled as the API.
#pragma once

namespace lockstep::engine {

// SEMANTICS §3.1. Terminal: Stopped, Succeeded, Superseded, Failed, Cancelled.
enum class PipelineExecutionStatus {
  InProgress,
  Stopping,
  Stopped,
  Succeeded,
  Superseded,
  Failed,
  Cancelled
};

// SEMANTICS §3.3.
enum class StageExecutionStatus {
  InProgress,
  Stopping,
  Stopped,
  Succeeded,
  Failed,
  Skipped,
  Cancelled
};

// SEMANTICS §3.4. The API has no "Cancelled" or "Didn't Run" for actions.
enum class ActionExecutionStatus { InProgress, Succeeded, Failed, Abandoned };

// SEMANTICS §3.5.
enum class ConditionStatus {
  InProgress,
  Succeeded,
  Failed,
  Errored,
  Cancelled,
  Abandoned,
  Overridden
};
enum class RuleExecutionStatus { InProgress, Succeeded, Failed, Abandoned };

enum class ExecutionType { Standard, Rollback };  // STANDARD / ROLLBACK
enum class StageRetryTrigger { AutomatedStageRetry, ManualStageRetry };
enum class ConditionType { BeforeEntry, OnSuccess, OnFailure };  // BEFORE_ENTRY / ON_SUCCESS / ...

const char* to_string(PipelineExecutionStatus);
const char* to_string(StageExecutionStatus);
const char* to_string(ActionExecutionStatus);
const char* to_string(ConditionStatus);
const char* to_string(RuleExecutionStatus);
const char* to_string(ExecutionType);
const char* to_string(StageRetryTrigger);
const char* to_string(ConditionType);

inline bool is_terminal(PipelineExecutionStatus s) {
  return s != PipelineExecutionStatus::InProgress && s != PipelineExecutionStatus::Stopping;
}
inline bool is_terminal(StageExecutionStatus s) {
  return s != StageExecutionStatus::InProgress && s != StageExecutionStatus::Stopping;
}
inline bool is_terminal(ActionExecutionStatus s) {
  return s != ActionExecutionStatus::InProgress;
}

}  // namespace lockstep::engine

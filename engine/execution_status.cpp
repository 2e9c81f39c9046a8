// API spellings of the execution status enums.
#include "engine/execution_status.hpp"

namespace lockstep::engine {

const char* to_string(PipelineExecutionStatus s) {
  switch (s) {
    case PipelineExecutionStatus::InProgress:
      return "InProgress";
    case PipelineExecutionStatus::Stopping:
      return "Stopping";
    case PipelineExecutionStatus::Stopped:
      return "Stopped";
    case PipelineExecutionStatus::Succeeded:
      return "Succeeded";
    case PipelineExecutionStatus::Superseded:
      return "Superseded";
    case PipelineExecutionStatus::Failed:
      return "Failed";
    case PipelineExecutionStatus::Cancelled:
      return "Cancelled";
  }
  return "";
}

const char* to_string(StageExecutionStatus s) {
  switch (s) {
    case StageExecutionStatus::InProgress:
      return "InProgress";
    case StageExecutionStatus::Stopping:
      return "Stopping";
    case StageExecutionStatus::Stopped:
      return "Stopped";
    case StageExecutionStatus::Succeeded:
      return "Succeeded";
    case StageExecutionStatus::Failed:
      return "Failed";
    case StageExecutionStatus::Skipped:
      return "Skipped";
    case StageExecutionStatus::Cancelled:
      return "Cancelled";
  }
  return "";
}

const char* to_string(ActionExecutionStatus s) {
  switch (s) {
    case ActionExecutionStatus::InProgress:
      return "InProgress";
    case ActionExecutionStatus::Succeeded:
      return "Succeeded";
    case ActionExecutionStatus::Failed:
      return "Failed";
    case ActionExecutionStatus::Abandoned:
      return "Abandoned";
  }
  return "";
}

const char* to_string(ConditionStatus s) {
  switch (s) {
    case ConditionStatus::InProgress:
      return "InProgress";
    case ConditionStatus::Succeeded:
      return "Succeeded";
    case ConditionStatus::Failed:
      return "Failed";
    case ConditionStatus::Errored:
      return "Errored";
    case ConditionStatus::Cancelled:
      return "Cancelled";
    case ConditionStatus::Abandoned:
      return "Abandoned";
    case ConditionStatus::Overridden:
      return "Overridden";
  }
  return "";
}

const char* to_string(RuleExecutionStatus s) {
  switch (s) {
    case RuleExecutionStatus::InProgress:
      return "InProgress";
    case RuleExecutionStatus::Succeeded:
      return "Succeeded";
    case RuleExecutionStatus::Failed:
      return "Failed";
    case RuleExecutionStatus::Abandoned:
      return "Abandoned";
  }
  return "";
}

const char* to_string(ExecutionType t) {
  return t == ExecutionType::Standard ? "STANDARD" : "ROLLBACK";
}

const char* to_string(StageRetryTrigger t) {
  return t == StageRetryTrigger::AutomatedStageRetry ? "AutomatedStageRetry" : "ManualStageRetry";
}

const char* to_string(ConditionType t) {
  switch (t) {
    case ConditionType::BeforeEntry:
      return "BEFORE_ENTRY";
    case ConditionType::OnSuccess:
      return "ON_SUCCESS";
    case ConditionType::OnFailure:
      return "ON_FAILURE";
  }
  return "";
}

}  // namespace lockstep::engine

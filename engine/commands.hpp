// What can happen to the engine: every request and report becomes one of these commands.
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "engine/execution_status.hpp"
#include "engine/pipeline_declaration.hpp"
#include "engine/pipeline_execution.hpp"

namespace lockstep::engine {

// StartPipelineExecution, a Git trigger or CreatePipeline's automatic start (SEMANTICS §4.1).
struct StartExecution {
  std::string pipelineName;
  std::string pipelineExecutionId;  // chosen by the caller; empty = take one from the id source
  ExecutionTrigger trigger;
  std::vector<SourceRevision> sourceRevisions;
  std::vector<ResolvedPipelineVariable> variables;  // overrides of pipeline variable defaults
  std::string clientRequestToken;                   // same token = same execution (idempotent)
  // A Git trigger above the cap records a Failed execution instead of being refused (§5.5, P12).
  bool fromGitTrigger = false;
};

enum class ActionOutcome { Succeeded, Failed };

// An executor's one report for one action attempt.
struct ActionCompleted {
  std::string pipelineName;         // echoed from StartAction
  std::string pipelineExecutionId;  // echoed from StartAction
  std::string actionExecutionId;
  ActionOutcome outcome = ActionOutcome::Succeeded;
  std::string summary;
  std::vector<ArtifactInstance> outputArtifacts;  // producer id is filled in by the engine
  VariableValues outputVariables;
  std::string externalExecutionId;
  std::string externalExecutionUrl;
  std::optional<ErrorDetails> errorDetails;
};

enum class ApprovalStatus { Approved, Rejected };

// PutApprovalResult (SEMANTICS §11.4).
struct ApprovalResult {
  std::string pipelineName;
  std::string stageName;
  std::string actionName;
  std::string token;
  ApprovalStatus status = ApprovalStatus::Approved;
  std::string summary;
  std::string updatedBy;
};

// StopPipelineExecution (SEMANTICS §8).
struct StopExecution {
  std::string pipelineName;
  std::string pipelineExecutionId;
  bool abandon = false;
  std::string reason;
};

// RetryStageExecution (SEMANTICS §9).
struct RetryStage {
  std::string pipelineName;
  std::string stageName;
  std::string pipelineExecutionId;
  StageRetryMode retryMode = StageRetryMode::FailedActions;
};

enum class TransitionType { Inbound, Outbound };

// EnableStageTransition / DisableStageTransition (SEMANTICS §10).
struct EnableTransition {
  std::string pipelineName;
  std::string stageName;
  TransitionType transitionType = TransitionType::Inbound;
  std::string changedBy;
};

struct DisableTransition {
  std::string pipelineName;
  std::string stageName;
  TransitionType transitionType = TransitionType::Inbound;
  std::string reason;
  std::string changedBy;
};

// RollbackStage (SEMANTICS §14.2).
struct RollbackStage {
  std::string pipelineName;
  std::string stageName;
  std::string targetPipelineExecutionId;
  std::string pipelineExecutionId;  // id of the new ROLLBACK execution; empty = id source
};

// OverrideStageCondition (SEMANTICS §15.3).
struct OverrideStageCondition {
  std::string pipelineName;
  std::string stageName;
  std::string pipelineExecutionId;
  ConditionType conditionType = ConditionType::BeforeEntry;
};

// CreatePipeline / UpdatePipeline stored a new version (declaration.version is its number).
struct PipelineUpdated {
  PipelineDeclaration declaration;
};

// DeletePipeline: the pipeline and its executions are forgotten.
struct PipelineDeleted {
  std::string pipelineName;
};

// A timer armed by an ArmTimer effect is due.
struct TimerFired {
  std::string timerId;
};

// The daemon restarted: actions whose work died with the old process fail, timers are re-armed.
struct RecoverAfterRestart {
  std::vector<ActionExecutionRef> interruptedActions;
};

using Command =
    std::variant<StartExecution, ActionCompleted, ApprovalResult, StopExecution, RetryStage,
                 EnableTransition, DisableTransition, RollbackStage, OverrideStageCondition,
                 PipelineUpdated, PipelineDeleted, TimerFired, RecoverAfterRestart>;

}  // namespace lockstep::engine

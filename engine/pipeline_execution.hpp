// One run of a pipeline: PipelineExecution with its StageExecutions and ActionExecutions.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/clock.hpp"
#include "engine/execution_status.hpp"
#include "engine/pipeline_declaration.hpp"

namespace lockstep::engine {

// Plain data only, linked by ids and indices (never pointers) so storage can persist it as is.

struct ExecutionTrigger {
  std::string triggerType;  // StartPipelineExecution, WebhookV2, CreatePipeline, ManualRollback...
  std::string triggerDetail;

  bool operator==(const ExecutionTrigger&) const = default;
};

struct SourceRevision {
  std::string actionName;
  std::string revisionType;  // COMMIT_ID, IMAGE_DIGEST, S3_OBJECT_VERSION_ID, S3_OBJECT_KEY
  std::string revisionValue;

  bool operator==(const SourceRevision&) const = default;
};

struct ResolvedPipelineVariable {
  std::string name;
  std::string resolvedValue;

  bool operator==(const ResolvedPipelineVariable&) const = default;
};

// One instance of an artifact produced in one execution (SEMANTICS §12.2).
struct ArtifactInstance {
  std::string name;
  std::string location;                   // where the executor stored it
  std::string revisionId;                 // commit for source outputs, else empty
  std::string producerActionExecutionId;  // the attempt that produced this instance

  bool operator==(const ArtifactInstance&) const = default;
};

struct ErrorDetails {
  std::string code;  // optional in the API; empty = absent
  std::string message;

  bool operator==(const ErrorDetails&) const = default;
};

using VariableValues = std::map<std::string, std::string>;

struct ActionExecution {
  std::string actionExecutionId;  // new for every attempt, including retries
  std::string stageName;
  std::string actionName;
  std::size_t actionIndex = 0;  // index in the stage declaration of the execution's version
  ActionExecutionStatus status = ActionExecutionStatus::InProgress;
  std::string summary;
  std::string updatedBy;
  Timestamp startTime = 0;
  Timestamp lastUpdateTime = 0;
  Configuration resolvedConfiguration;
  std::vector<ArtifactInstance> inputArtifacts;
  std::vector<ArtifactInstance> outputArtifacts;
  VariableValues outputVariables;
  std::string externalExecutionId;
  std::string externalExecutionUrl;
  std::string externalExecutionSummary;
  std::optional<ErrorDetails> errorDetails;
  std::string token;              // manual approvals: this attempt's approval token
  std::string timerId;            // manual approvals: the pending timeout timer
  bool approvalAnswered = false;  // PutApprovalResult was accepted for this attempt
  bool timedOut = false;

  bool operator==(const ActionExecution&) const = default;
};

struct RuleExecution {
  std::string ruleExecutionId;
  std::string ruleName;
  RuleExecutionStatus status = RuleExecutionStatus::InProgress;
  std::string summary;
  Configuration resolvedConfiguration;
  Timestamp startTime = 0;
  Timestamp lastUpdateTime = 0;
  std::string timerId;  // re-check timer while the rule waits (DeploymentWindow)

  bool operator==(const RuleExecution&) const = default;
};

struct ConditionExecution {
  ConditionType conditionType = ConditionType::BeforeEntry;
  ConditionStatus status = ConditionStatus::InProgress;
  std::optional<ConditionResult> result;  // what happens when the condition is not met
  std::vector<RuleExecution> rules;
  std::string summary;

  bool operator==(const ConditionExecution&) const = default;
};

struct StageExecution {
  std::string stageName;
  bool entered = false;  // false: the execution never got a stage execution here
  StageExecutionStatus status = StageExecutionStatus::InProgress;
  ExecutionType type = ExecutionType::Standard;
  // Per declared action (by index): index into PipelineExecution::actionExecutions of the latest
  // attempt, or -1 when the action has not run in the current pass.
  std::vector<int> latestAttempt;
  int autoStageRetryAttempt = 0;
  int manualStageRetryAttempt = 0;
  std::optional<StageRetryTrigger> latestRetryTrigger;
  bool retryInProgress = false;  // back to InProgress because of a retry, until it ends again
  std::optional<ConditionExecution> condition;  // the latest condition evaluated in this stage
  bool failedByOnSuccessCondition = false;      // makes OverrideStageCondition ON_SUCCESS legal

  bool operator==(const StageExecution&) const = default;
};

// Names one action attempt. Completions carry it whole, so no global index of attempts is needed.
struct ActionExecutionRef {
  std::string pipelineName;
  std::string pipelineExecutionId;
  std::string actionExecutionId;

  bool operator==(const ActionExecutionRef&) const = default;
};

enum class ExecutionPosition { WaitingAtEntry, InsideStage, Finished };
enum class StopMode { Wait, Abandon };

struct PipelineExecution {
  std::string pipelineExecutionId;
  std::string pipelineName;
  std::uint64_t sequence = 0;  // start order within the pipeline
  int pipelineVersion = 1;     // the version it started on; never changes
  ExecutionMode executionMode = ExecutionMode::Superseded;
  ExecutionType executionType = ExecutionType::Standard;
  std::string rollbackTargetPipelineExecutionId;
  PipelineExecutionStatus status = PipelineExecutionStatus::InProgress;
  std::string statusSummary;
  ExecutionTrigger trigger;
  std::optional<std::string> stopReason;  // stopTrigger.reason
  StopMode stopMode = StopMode::Wait;     // meaningful while Stopping
  std::vector<SourceRevision> sourceRevisions;
  std::vector<ResolvedPipelineVariable> variables;
  Timestamp startTime = 0;
  Timestamp lastUpdateTime = 0;
  int attempt = 1;  // pipeline-execution-attempt: 1 + retries so far

  ExecutionPosition position = ExecutionPosition::WaitingAtEntry;
  std::size_t stageIndex = 0;      // the stage it is inside, or waiting in front of
  std::size_t lastStageIndex = 0;  // a ROLLBACK execution runs only up to this stage
  bool cancelPending = false;      // pipeline updated: becomes Cancelled when running work ends

  std::vector<StageExecution> stageExecutions;               // by stage index of its version
  std::vector<ActionExecution> actionExecutions;             // every attempt, in start order
  std::map<std::string, ArtifactInstance> artifacts;         // latest instance, by artifact name
  std::map<std::string, VariableValues> namespaceVariables;  // output variables, by namespace

  bool operator==(const PipelineExecution&) const = default;
};

}  // namespace lockstep::engine

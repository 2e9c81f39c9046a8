// What the engine asks the outside world to do after a decision.
#pragma once

#include <string>
#include <variant>
#include <vector>

#include "engine/clock.hpp"
#include "engine/engine_state.hpp"
#include "engine/pipeline_declaration.hpp"
#include "engine/pipeline_execution.hpp"

namespace lockstep::engine {

// Run one action attempt. Everything the executor needs is resolved here; it reports back with
// exactly one ActionCompleted (manual approvals are answered by ApprovalResult instead).
struct StartAction {
  std::string actionExecutionId;
  std::string pipelineName;
  int pipelineVersion = 1;
  std::string pipelineExecutionId;
  std::string stageName;
  ActionDeclaration action;             // as declared: configuration keeps the raw text
  Configuration resolvedConfiguration;  // #{ns.key} substituted
  std::vector<std::string> resolvedCommands;
  std::vector<EnvironmentVariable> resolvedEnvironmentVariables;
  std::vector<ArtifactInstance> inputArtifacts;  // with the producing attempt's id
  std::vector<SourceRevision> sourceRevisions;   // source actions: the revision to check out
  std::string approvalToken;                     // manual approvals only
  Timestamp approvalExpiresAt = 0;               // manual approvals: when the timeout fires

  bool operator==(const StartAction&) const = default;
};

// Stop-and-abandon: the executor may try to end the work; its late result is ignored anyway.
struct CancelAction {
  std::string actionExecutionId;
  std::string pipelineExecutionId;
  std::string reason;

  bool operator==(const CancelAction&) const = default;
};

enum class EventSubject { PipelineExecution, StageExecution, ActionExecution };

// One event of CodePipeline's event vocabulary (SEMANTICS §3.7): STARTED, SUCCEEDED, ...
struct Notify {
  EventSubject subject = EventSubject::PipelineExecution;
  std::string state;
  std::string pipelineName;
  int pipelineVersion = 1;
  std::string pipelineExecutionId;
  int executionAttempt = 1;          // pipeline-execution-attempt: 1 + retries so far
  Timestamp executionStartTime = 0;  // start-time
  Timestamp time = 0;
  std::string stageName;
  std::string actionName;
  std::string actionExecutionId;
};

struct ArmTimer {
  std::string timerId;
  Timestamp fireAt = 0;
  TimerKind kind = TimerKind::ApprovalTimeout;
};

using Effect = std::variant<StartAction, CancelAction, Notify, ArmTimer>;

}  // namespace lockstep::engine

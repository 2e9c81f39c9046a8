// Everything the engine decides over: per pipeline its declarations, executions, stage locks,
// entry waiters and transitions, plus pending timers and the id source.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/clock.hpp"
#include "engine/id_source.hpp"
#include "engine/pipeline_declaration.hpp"
#include "engine/pipeline_execution.hpp"

namespace lockstep::engine {

// TransitionState of GetPipelineState (SEMANTICS §10).
struct TransitionState {
  bool enabled = true;
  std::string disabledReason;
  std::string lastChangedBy;
  Timestamp lastChangedAt = 0;

  bool operator==(const TransitionState&) const = default;
};

// Per stage name: the lock, the entry waiters and the inbound transition. Keyed by name so that a
// transition survives pipeline updates that keep the stage (SEMANTICS §5.4).
struct StageState {
  std::string stageName;
  std::string lockHolder;  // SUPERSEDED/QUEUED: the one execution inside the stage, or empty
  // SUPERSEDED/QUEUED executions waiting at the entry, oldest first (SUPERSEDED: at most one).
  std::vector<std::string> inboundExecutions;
  // PARALLEL executions held by a disabled transition; they all continue on enable (§5.3).
  std::vector<std::string> heldExecutions;
  std::string latestExecutionId;  // stageState.latestExecution (SUPERSEDED/QUEUED only)
  TransitionState inboundTransition;

  bool operator==(const StageState&) const = default;
};

struct PipelineState {
  std::string name;
  PipelineDeclaration declaration;  // the current version
  // Every version an execution started on (including the current one), by version number.
  std::map<int, PipelineDeclaration> versions;
  std::unordered_map<std::string, PipelineExecution> executions;
  std::vector<std::string> executionOrder;  // ids in start order
  std::map<std::string, StageState> stages;
  std::map<std::string, std::string> clientRequestTokens;  // token -> execution id
  std::uint64_t nextSequence = 1;
  int activeExecutions = 0;  // InProgress or Stopping; the §5.5 cap counts these
};

enum class TimerKind { ApprovalTimeout, RuleRecheck };

struct PendingTimer {
  std::string timerId;
  TimerKind kind = TimerKind::ApprovalTimeout;
  Timestamp fireAt = 0;
  std::string pipelineName;
  std::string pipelineExecutionId;
  std::string actionExecutionId;  // ApprovalTimeout
  std::string stageName;          // RuleRecheck
  std::string ruleExecutionId;    // RuleRecheck

  bool operator==(const PendingTimer&) const = default;
};

struct EngineSettings {
  // SEMANTICS §4 step 2.1: superseding in front of the first stage (SUPERSEDED mode). Our
  // decision, default on; off = FIFO in front of the first stage.
  bool supersedeAtFirstStage = true;
  int maxConcurrentExecutions = 50;        // QUEUED/PARALLEL cap (§5.5)
  int maxParallelActionsPerExecution = 5;  // PARALLEL mode quota (§2.2)
};

struct EngineState {
  EngineSettings settings;
  IdSource ids;
  std::map<std::string, PipelineState> pipelines;
  std::map<std::string, PendingTimer> timers;
  // Approval token -> the attempt it belongs to. An index, derivable from the executions.
  std::unordered_map<std::string, ActionExecutionRef> approvalTokens;
};

}  // namespace lockstep::engine

// Leaving a stage (SEMANTICS §4 steps 2.6-2.7): the stage's final status, what it means for the
// execution, and the release of the stage lock.
#include "engine/execution_flow.hpp"

namespace lockstep::engine {
namespace {

bool has_failed_action(const PipelineExecution& e, const StageExecution& se) {
  for (int index : se.latestAttempt) {
    if (index >= 0 && e.actionExecutions[static_cast<std::size_t>(index)].status ==
                          ActionExecutionStatus::Failed) {
      return true;
    }
  }
  return false;
}

// §9.4: one automatic attempt per (execution, stage), for action failures only.
bool automatic_retry_applies(const PipelineExecution& e, const StageDeclaration& sd,
                             const StageExecution& se) {
  return sd.onFailure && sd.onFailure->result == ConditionResult::Retry &&
         se.autoStageRetryAttempt == 0 && has_failed_action(e, se) &&
         e.status == PipelineExecutionStatus::InProgress && !e.cancelPending;
}

}  // namespace

void leave_stage(DecisionContext& ctx, PipelineState& p, PipelineExecution& e,
                 StageExecutionStatus outcome) {
  const std::size_t stage_index = e.stageIndex;
  StageExecution& se = e.stageExecutions[stage_index];
  const StageDeclaration& sd = stage_declaration(p, e, stage_index);
  const std::string stage_name = sd.name;
  const bool locked = uses_stage_locks(e);

  if (outcome == StageExecutionStatus::Failed && automatic_retry_applies(e, sd, se)) {
    // Retried inside the same decision that failed it, so the lock is never given up and no
    // waiter can slip in; the execution is never reported Failed (§3.2 note, §9.4).
    const StageRetryMode mode = sd.onFailure->retryMode.value_or(StageRetryMode::FailedActions);
    resume_stage(ctx, p, e, stage_index, mode, StageRetryTrigger::AutomatedStageRetry);
    return;
  }

  se.retryInProgress = false;
  set_stage_status(ctx, e, stage_index, outcome);
  switch (outcome) {
    case StageExecutionStatus::Succeeded:
    case StageExecutionStatus::Skipped:
      // Move on first, release second: a waiter admitted to this stage must never get ahead of
      // the execution that just left it.
      arrive_at_stage(ctx, p, e, stage_index + 1);
      break;
    case StageExecutionStatus::Failed:
      set_execution_status(ctx, p, e, PipelineExecutionStatus::Failed);
      break;
    case StageExecutionStatus::Stopped:
      set_execution_status(ctx, p, e, PipelineExecutionStatus::Stopped);
      break;
    case StageExecutionStatus::Cancelled:
      set_execution_status(ctx, p, e, PipelineExecutionStatus::Cancelled);
      break;
    case StageExecutionStatus::InProgress:
    case StageExecutionStatus::Stopping:
      return;  // not a way to leave
  }
  if (locked) release_stage(ctx, p, stage_name, e.pipelineExecutionId);

  // §14.3: automatic rollback after the lock is released, so the rollback execution queues at
  // the entry like any other. Rollback executions never trigger another rollback.
  if (outcome == StageExecutionStatus::Failed && sd.onFailure &&
      sd.onFailure->result == ConditionResult::Rollback &&
      e.executionType == ExecutionType::Standard) {
    if (sd.onFailure->conditions.empty() || on_failure_condition_met(ctx, p, e)) {
      start_automatic_rollback(ctx, p, e, stage_index);
    }
  }
}

}  // namespace lockstep::engine

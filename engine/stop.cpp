// StopPipelineExecution: stop-and-wait and stop-and-abandon with their errors (SEMANTICS §8).
#include <utility>

#include "engine/command_handlers.hpp"

namespace lockstep::engine {
namespace {

// Why a stop is refused, or nullptr when it is accepted (§8.3).
const char* refusal(const PipelineExecution* e, bool abandon) {
  if (e == nullptr) return api_error::kNotStoppable;
  if (e->status == PipelineExecutionStatus::Stopping) {
    const bool escalation = abandon && e->stopMode == StopMode::Wait;
    return escalation ? nullptr : api_error::kDuplicatedStop;
  }
  if (e->status != PipelineExecutionStatus::InProgress) return api_error::kNotStoppable;
  return nullptr;
}

}  // namespace

// Stop-and-abandon (§8.2): attempts become Abandoned at once; the executor is asked to stop, but
// whatever it reports later is ignored.
void abandon_running_work(DecisionContext& ctx, PipelineExecution& e, std::size_t stage_index,
                          const std::string& reason) {
  StageExecution& se = e.stageExecutions[stage_index];
  for (int index : se.latestAttempt) {
    if (index < 0) continue;
    ActionExecution& a = e.actionExecutions[static_cast<std::size_t>(index)];
    if (a.status != ActionExecutionStatus::InProgress) continue;
    if (!a.timerId.empty()) ctx.state.timers.erase(std::exchange(a.timerId, std::string()));
    set_action_status(ctx, e, a, ActionExecutionStatus::Abandoned);
    ctx.emit(CancelAction{a.actionExecutionId, e.pipelineExecutionId, reason});
  }
  end_condition_early(e, stage_index, ConditionStatus::Abandoned, ctx.now);
}

void handle(DecisionContext& ctx, const StopExecution& c) {
  auto pit = ctx.state.pipelines.find(c.pipelineName);
  if (pit == ctx.state.pipelines.end()) {
    ctx.reject(api_error::kPipelineNotFound, "Pipeline " + c.pipelineName + " not found");
    return;
  }
  PipelineState& p = pit->second;
  PipelineExecution* e = find_execution(p, c.pipelineExecutionId);
  if (const char* error = refusal(e, c.abandon)) {
    ctx.reject(error, e == nullptr
                          ? "Execution " + c.pipelineExecutionId + " not found in " + p.name
                          : std::string("Execution ") + c.pipelineExecutionId + " is " +
                                to_string(e->status));
    return;
  }
  ctx.decision.pipelineExecutionId = e->pipelineExecutionId;
  e->stopReason = c.reason;

  // Waiting at a stage entry: nothing runs, so it is Stopped at once and leaves the queue.
  if (e->position == ExecutionPosition::WaitingAtEntry) {
    remove_waiter(p, *e);
    set_execution_status(ctx, p, *e, PipelineExecutionStatus::Stopped);
    return;
  }
  const std::size_t stage_index = e->stageIndex;
  e->stopMode = c.abandon ? StopMode::Abandon : StopMode::Wait;
  if (e->status != PipelineExecutionStatus::Stopping) {
    set_execution_status(ctx, p, *e, PipelineExecutionStatus::Stopping);
    set_stage_status(ctx, *e, stage_index, StageExecutionStatus::Stopping);
  }
  if (c.abandon) {
    const std::string reason = c.reason.empty() ? "Stopped and abandoned" : c.reason;
    abandon_running_work(ctx, *e, stage_index, reason);
  }
  // Ends the stage now when nothing is left running, otherwise when the last action reports.
  progress_stage(ctx, p, *e);
}

}  // namespace lockstep::engine

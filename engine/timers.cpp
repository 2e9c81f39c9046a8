// Timers coming due (approval timeouts §11.2, rule re-checks §15.4) and recovery after a restart.
#include "engine/command_handlers.hpp"

namespace lockstep::engine {
namespace {

void approval_timed_out(DecisionContext& ctx, const PendingTimer& timer) {
  PipelineState* p = nullptr;
  PipelineExecution* e = nullptr;
  ActionExecution* a = find_action_execution(
      ctx.state, {timer.pipelineName, timer.pipelineExecutionId, timer.actionExecutionId}, &p, &e);
  if (a == nullptr || a->status != ActionExecutionStatus::InProgress) return;  // answered
  a->timedOut = true;
  record_action_result(
      ctx, *e, *a, ActionExecutionStatus::Failed, "The approval request expired without a response",
      ErrorDetails{"TimeoutError", "The approval request expired without a response"});
  progress_stage(ctx, *p, *e);
}

void rule_due(DecisionContext& ctx, const PendingTimer& timer) {
  auto pit = ctx.state.pipelines.find(timer.pipelineName);
  if (pit == ctx.state.pipelines.end()) return;
  PipelineExecution* e = find_execution(pit->second, timer.pipelineExecutionId);
  if (e == nullptr || e->position != ExecutionPosition::InsideStage) return;
  if (e->stageExecutions[e->stageIndex].stageName != timer.stageName) return;
  recheck_rule(ctx, pit->second, *e, e->stageIndex, timer.ruleExecutionId);
}

}  // namespace

void handle(DecisionContext& ctx, const TimerFired& c) {
  auto it = ctx.state.timers.find(c.timerId);
  if (it == ctx.state.timers.end()) return;  // already handled or no longer relevant
  const PendingTimer timer = std::move(it->second);
  ctx.state.timers.erase(it);
  if (timer.kind == TimerKind::ApprovalTimeout) {
    approval_timed_out(ctx, timer);
  } else {
    rule_due(ctx, timer);
  }
}

void handle(DecisionContext& ctx, const RecoverAfterRestart& c) {
  // Work that died with the old process fails with a clear summary: nothing stays InProgress.
  for (const ActionExecutionRef& ref : c.interruptedActions) {
    PipelineState* p = nullptr;
    PipelineExecution* e = nullptr;
    ActionExecution* a = find_action_execution(ctx.state, ref, &p, &e);
    if (a == nullptr || a->status != ActionExecutionStatus::InProgress) continue;
    record_action_result(ctx, *e, *a, ActionExecutionStatus::Failed,
                         "interrupted by server restart");
    progress_stage(ctx, *p, *e);
  }
  for (const auto& [id, timer] : ctx.state.timers) {
    ctx.emit(ArmTimer{id, timer.fireAt, timer.kind});
  }
}

}  // namespace lockstep::engine

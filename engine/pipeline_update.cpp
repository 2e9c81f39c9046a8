// A new pipeline version (SEMANTICS §5.4): SUPERSEDED/QUEUED executions are cancelled (waiters at
// once, running ones when their actions finish); PARALLEL ones keep their old version.
#include "engine/command_handlers.hpp"

namespace lockstep::engine {
namespace {

void cancel_for_update(DecisionContext& ctx, PipelineState& p, PipelineExecution& e) {
  if (e.position == ExecutionPosition::WaitingAtEntry) {
    remove_waiter(p, e);
    set_execution_status(ctx, p, e, PipelineExecutionStatus::Cancelled);
    return;
  }
  // Rules still evaluating are cut short (§3.5: condition Cancelled); actions may finish.
  end_condition_early(e, e.stageIndex, ConditionStatus::Cancelled, ctx.now);
  e.cancelPending = true;
  progress_stage(ctx, p, e);  // cancels at once when nothing is running
}

}  // namespace

void handle(DecisionContext& ctx, const PipelineUpdated& c) {
  const PipelineDeclaration& d = c.declaration;
  auto pit = ctx.state.pipelines.find(d.name);
  if (pit == ctx.state.pipelines.end()) {
    PipelineState& p = ctx.state.pipelines[d.name];
    p.name = d.name;
    p.declaration = d;
    p.versions.emplace(d.version, d);
    for (const auto& stage : d.stages) stage_state(p, stage.name);
    return;
  }
  PipelineState& p = pit->second;
  if (d.version <= p.declaration.version) {
    ctx.reject(api_error::kValidation, "Pipeline " + d.name + " is already at version " +
                                           std::to_string(p.declaration.version));
    return;
  }
  // Waiters first, so cancelling a running execution (which releases its stage) admits nobody
  // from the old version.
  std::vector<PipelineExecution*> waiting;
  std::vector<PipelineExecution*> inside;
  for (const std::string& id : p.executionOrder) {
    PipelineExecution& e = p.executions.at(id);
    if (is_terminal(e.status) || !uses_stage_locks(e) || e.cancelPending) continue;
    (e.position == ExecutionPosition::WaitingAtEntry ? waiting : inside).push_back(&e);
  }
  for (PipelineExecution* e : waiting) cancel_for_update(ctx, p, *e);
  for (PipelineExecution* e : inside) cancel_for_update(ctx, p, *e);

  p.declaration = d;
  p.versions.emplace(d.version, d);
  for (const auto& stage : d.stages) stage_state(p, stage.name);
}

void handle(DecisionContext& ctx, const PipelineDeleted& c) {
  auto pit = ctx.state.pipelines.find(c.pipelineName);
  if (pit == ctx.state.pipelines.end()) {
    ctx.reject(api_error::kPipelineNotFound, "Pipeline " + c.pipelineName + " not found");
    return;
  }
  for (auto& [id, e] : pit->second.executions) {
    for (ActionExecution& a : e.actionExecutions) {
      if (a.status == ActionExecutionStatus::InProgress) {
        ctx.emit(CancelAction{a.actionExecutionId, id, "Pipeline deleted"});
      }
      if (!a.token.empty()) ctx.state.approvalTokens.erase(a.token);
    }
  }
  std::erase_if(ctx.state.timers,
                [&](const auto& t) { return t.second.pipelineName == c.pipelineName; });
  ctx.state.pipelines.erase(pit);
}

}  // namespace lockstep::engine

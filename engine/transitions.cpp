// Enable/DisableStageTransition (SEMANTICS §10): a disabled inbound transition holds arriving
// executions at the stage entry; enabling it admits them by the rules of the mode.
#include "engine/command_handlers.hpp"

namespace lockstep::engine {
namespace {

constexpr Timestamp kStaleAfter = 30LL * 24 * 60 * 60 * 1000;  // §10.4: 30 days

// The stage whose inbound transition the command acts on, or nullptr when there is nothing to
// do: unknown names (rejected) or an Outbound transition of the last stage (accepted, no effect).
template <typename TransitionCommand>
StageState* target_stage(DecisionContext& ctx, const TransitionCommand& c, PipelineState** out) {
  auto pit = ctx.state.pipelines.find(c.pipelineName);
  if (pit == ctx.state.pipelines.end()) {
    ctx.reject(api_error::kPipelineNotFound, "Pipeline " + c.pipelineName + " not found");
    return nullptr;
  }
  PipelineState& p = pit->second;
  const int index = current_stage_index(p, c.stageName);
  if (index < 0) {
    ctx.reject(api_error::kStageNotFound, "Stage " + c.stageName + " not found in " + p.name);
    return nullptr;
  }
  *out = &p;
  std::size_t target = static_cast<std::size_t>(index);
  if (c.transitionType == TransitionType::Outbound) {
    if (target + 1 >= p.declaration.stages.size()) return nullptr;
    ++target;
  }
  return &stage_state(p, p.declaration.stages[target].name);
}

void stop_stale_waiters(DecisionContext& ctx, PipelineState& p, StageState& st) {
  std::vector<std::string> stale;
  stale.swap(st.inboundExecutions);
  stale.insert(stale.end(), st.heldExecutions.begin(), st.heldExecutions.end());
  st.heldExecutions.clear();
  for (const std::string& id : stale) {
    PipelineExecution* e = find_execution(p, id);
    if (e == nullptr || is_terminal(e->status)) continue;
    e->statusSummary = "Transition disabled for more than 30 days";
    set_execution_status(ctx, p, *e, PipelineExecutionStatus::Stopped);
  }
}

}  // namespace

void handle(DecisionContext& ctx, const DisableTransition& c) {
  PipelineState* p = nullptr;
  StageState* st = target_stage(ctx, c, &p);
  if (st == nullptr) return;
  // Disabling a disabled transition only replaces the reason (§10.7, our decision).
  st->inboundTransition.enabled = false;
  st->inboundTransition.disabledReason = c.reason;
  st->inboundTransition.lastChangedBy = c.changedBy;
  st->inboundTransition.lastChangedAt = ctx.now;
}

void handle(DecisionContext& ctx, const EnableTransition& c) {
  PipelineState* p = nullptr;
  StageState* st = target_stage(ctx, c, &p);
  if (st == nullptr) return;
  const bool was_disabled = !st->inboundTransition.enabled;
  const bool stale = was_disabled && ctx.now - st->inboundTransition.lastChangedAt > kStaleAfter;
  st->inboundTransition.enabled = true;
  st->inboundTransition.disabledReason.clear();
  st->inboundTransition.lastChangedBy = c.changedBy;
  st->inboundTransition.lastChangedAt = ctx.now;
  if (stale) stop_stale_waiters(ctx, *p, *st);
  admit_waiters(ctx, *p, *st);
}

}  // namespace lockstep::engine

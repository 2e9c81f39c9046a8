// The stage lock and the entry waiters: who may enter a stage, who waits, who is superseded
// (SEMANTICS §4 step 2.1, §5.1-§5.3).
#include <algorithm>

#include "engine/execution_flow.hpp"

namespace lockstep::engine {
namespace {

void enter_stage(DecisionContext& ctx, PipelineState& p, PipelineExecution& e,
                 std::size_t stage_index) {
  const StageDeclaration& sd = stage_declaration(p, e, stage_index);
  if (uses_stage_locks(e)) {
    StageState& st = stage_state(p, sd.name);
    st.lockHolder = e.pipelineExecutionId;
    st.latestExecutionId = e.pipelineExecutionId;
  }
  e.position = ExecutionPosition::InsideStage;
  e.stageIndex = stage_index;
  StageExecution& se = e.stageExecutions[stage_index];
  se = StageExecution{};
  se.stageName = sd.name;
  se.type = e.executionType;
  se.latestAttempt.assign(sd.actions.size(), -1);
  set_stage_status(ctx, e, stage_index, StageExecutionStatus::InProgress);
  se.entered = true;
  if (!sd.beforeEntry.empty()) {
    start_condition(ctx, p, e, ConditionType::BeforeEntry);
  } else {
    progress_stage(ctx, p, e);
  }
}

// SUPERSEDED mode supersedes at every entry; at the first stage only when the switch is on.
bool supersedes_at(const EngineState& s, const PipelineExecution& e, std::size_t stage_index) {
  if (e.executionMode != ExecutionMode::Superseded) return false;
  return stage_index > 0 || s.settings.supersedeAtFirstStage;
}

}  // namespace

void arrive_at_stage(DecisionContext& ctx, PipelineState& p, PipelineExecution& e,
                     std::size_t stage_index) {
  const PipelineDeclaration& declaration = declaration_of(p, e);
  const bool past_rollback_stage =
      e.executionType == ExecutionType::Rollback && stage_index > e.lastStageIndex;
  if (stage_index >= declaration.stages.size() || past_rollback_stage) {
    set_execution_status(ctx, p, e, PipelineExecutionStatus::Succeeded);
    return;
  }
  e.position = ExecutionPosition::WaitingAtEntry;
  e.stageIndex = stage_index;
  StageState& st = stage_state(p, declaration.stages[stage_index].name);
  if (!uses_stage_locks(e)) {
    if (st.inboundTransition.enabled) {
      enter_stage(ctx, p, e, stage_index);
    } else {
      st.heldExecutions.push_back(e.pipelineExecutionId);
    }
    return;
  }
  if (st.inboundTransition.enabled && st.lockHolder.empty() && st.inboundExecutions.empty()) {
    enter_stage(ctx, p, e, stage_index);
    return;
  }
  if (supersedes_at(ctx.state, e, stage_index)) {
    // Move the list out first: superseding changes statuses, and we must not iterate a vector
    // that a callee could touch.
    std::vector<std::string> overtaken;
    overtaken.swap(st.inboundExecutions);
    for (const std::string& id : overtaken) {
      if (PipelineExecution* older = find_execution(p, id)) {
        older->statusSummary.clear();
        set_execution_status(ctx, p, *older, PipelineExecutionStatus::Superseded);
      }
    }
  }
  st.inboundExecutions.push_back(e.pipelineExecutionId);
}

void release_stage(DecisionContext& ctx, PipelineState& p, const std::string& stage_name,
                   const std::string& execution_id) {
  StageState& st = stage_state(p, stage_name);
  if (st.lockHolder == execution_id) st.lockHolder.clear();
  admit_waiters(ctx, p, st);
}

void admit_waiters(DecisionContext& ctx, PipelineState& p, StageState& st) {
  if (!st.inboundTransition.enabled) return;
  if (!st.heldExecutions.empty()) {
    std::vector<std::string> held;
    held.swap(st.heldExecutions);
    for (const std::string& id : held) {
      PipelineExecution* e = find_execution(p, id);
      if (e != nullptr && e->position == ExecutionPosition::WaitingAtEntry) {
        enter_stage(ctx, p, *e, e->stageIndex);
      }
    }
  }
  // One at a time: the admitted execution holds the lock until it leaves (QUEUED §5.2 rule 4).
  while (st.lockHolder.empty() && !st.inboundExecutions.empty() && st.inboundTransition.enabled) {
    std::string id = st.inboundExecutions.front();
    st.inboundExecutions.erase(st.inboundExecutions.begin());
    PipelineExecution* e = find_execution(p, id);
    if (e != nullptr && e->position == ExecutionPosition::WaitingAtEntry) {
      enter_stage(ctx, p, *e, e->stageIndex);
    }
  }
}

void remove_waiter(PipelineState& p, const PipelineExecution& e) {
  if (e.position != ExecutionPosition::WaitingAtEntry) return;
  StageState& st = stage_state(p, stage_declaration(p, e, e.stageIndex).name);
  auto drop = [&](std::vector<std::string>& ids) {
    ids.erase(std::remove(ids.begin(), ids.end(), e.pipelineExecutionId), ids.end());
  };
  drop(st.inboundExecutions);
  drop(st.heldExecutions);
}

}  // namespace lockstep::engine

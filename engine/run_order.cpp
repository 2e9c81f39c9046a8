// Actions inside a stage run group by group in ascending runOrder (SEMANTICS §6); this decides
// what starts next and when the stage is over.
#include <climits>

#include "engine/execution_flow.hpp"

namespace lockstep::engine {
namespace {

struct StageProgress {
  bool running = false;  // some latest attempt is InProgress
  bool failed = false;   // some latest attempt is Failed or Abandoned
  int running_count = 0;
};

StageProgress scan(const PipelineExecution& e, const StageExecution& se) {
  StageProgress out;
  for (int index : se.latestAttempt) {
    if (index < 0) continue;
    switch (e.actionExecutions[static_cast<std::size_t>(index)].status) {
      case ActionExecutionStatus::InProgress:
        out.running = true;
        ++out.running_count;
        break;
      case ActionExecutionStatus::Failed:
      case ActionExecutionStatus::Abandoned:
        out.failed = true;
        break;
      case ActionExecutionStatus::Succeeded:
        break;
    }
  }
  return out;
}

bool succeeded(const PipelineExecution& e, int index) {
  return index >= 0 && e.actionExecutions[static_cast<std::size_t>(index)].status ==
                           ActionExecutionStatus::Succeeded;
}

// The lowest runOrder that still has an action without a successful latest attempt.
int current_group(const PipelineExecution& e, const StageDeclaration& sd,
                  const StageExecution& se) {
  int group = INT_MAX;
  for (std::size_t i = 0; i < sd.actions.size(); ++i) {
    if (!succeeded(e, se.latestAttempt[i])) group = std::min(group, sd.actions[i].runOrder);
  }
  return group;
}

// The failed execution's statusSummary is the latest failed attempt's message (§7).
std::string failure_summary(const PipelineExecution& e, const StageExecution& se) {
  std::string summary;
  for (int index : se.latestAttempt) {
    if (index < 0) continue;
    const ActionExecution& a = e.actionExecutions[static_cast<std::size_t>(index)];
    if (a.status == ActionExecutionStatus::Failed && !a.summary.empty()) summary = a.summary;
  }
  return summary;
}

}  // namespace

void progress_stage(DecisionContext& ctx, PipelineState& p, PipelineExecution& e) {
  if (e.position != ExecutionPosition::InsideStage) return;
  const std::size_t stage_index = e.stageIndex;
  StageExecution& se = e.stageExecutions[stage_index];
  if (se.condition && se.condition->status == ConditionStatus::InProgress) return;  // rules run

  StageProgress now = scan(e, se);
  if (e.cancelPending) {
    if (!now.running) leave_stage(ctx, p, e, StageExecutionStatus::Cancelled);
    return;
  }
  if (e.status == PipelineExecutionStatus::Stopping) {
    if (!now.running) leave_stage(ctx, p, e, StageExecutionStatus::Stopped);
    return;
  }
  // After a failure no later group starts; siblings still running are left to finish (§6.3).
  if (!now.failed) {
    const StageDeclaration& sd = stage_declaration(p, e, stage_index);
    const int group = current_group(e, sd, se);
    if (group == INT_MAX) {
      if (!sd.onSuccess.empty() &&
          !(se.condition && se.condition->conditionType == ConditionType::OnSuccess)) {
        start_condition(ctx, p, e, ConditionType::OnSuccess);
      } else {
        leave_stage(ctx, p, e, StageExecutionStatus::Succeeded);
      }
      return;
    }
    // PARALLEL executions may have at most a few actions in progress at once (§2.2, §6.7).
    int budget = e.executionMode == ExecutionMode::Parallel
                     ? ctx.state.settings.maxParallelActionsPerExecution - now.running_count
                     : INT_MAX;
    for (std::size_t i = 0; i < sd.actions.size() && budget > 0; ++i) {
      if (sd.actions[i].runOrder == group && se.latestAttempt[i] < 0) {
        start_action(ctx, p, e, stage_index, i);
        --budget;
      }
    }
    now = scan(e, e.stageExecutions[stage_index]);  // an action can fail while starting (§13.4)
  }
  if (now.failed && !now.running) {
    e.statusSummary = failure_summary(e, e.stageExecutions[stage_index]);
    leave_stage(ctx, p, e, StageExecutionStatus::Failed);
  }
}

}  // namespace lockstep::engine

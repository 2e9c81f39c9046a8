// OverrideStageCondition (SEMANTICS §15.3): proceed as if a condition were met.
#include "engine/command_handlers.hpp"

namespace lockstep::engine {
namespace {

void abandon_rules(ConditionExecution& c, Timestamp now) {
  for (RuleExecution& r : c.rules) {
    if (r.status == RuleExecutionStatus::InProgress) {
      r.status = RuleExecutionStatus::Abandoned;
      r.lastUpdateTime = now;
    }
  }
  c.status = ConditionStatus::Overridden;
}

}  // namespace

void handle(DecisionContext& ctx, const OverrideStageCondition& c) {
  auto pit = ctx.state.pipelines.find(c.pipelineName);
  if (pit == ctx.state.pipelines.end()) {
    ctx.reject(api_error::kPipelineNotFound, "Pipeline " + c.pipelineName + " not found");
    return;
  }
  PipelineState& p = pit->second;
  const int stage_index = current_stage_index(p, c.stageName);
  if (stage_index < 0) {
    ctx.reject(api_error::kStageNotFound, "Stage " + c.stageName + " not found in " + p.name);
    return;
  }
  const auto index = static_cast<std::size_t>(stage_index);
  PipelineExecution* e = find_execution(p, c.pipelineExecutionId);
  bool latest =
      e != nullptr && index < e->stageExecutions.size() && e->stageExecutions[index].entered;
  if (latest && uses_stage_locks(*e)) {
    latest = p.stages.at(c.stageName).latestExecutionId == e->pipelineExecutionId;
  }
  if (!latest) {
    ctx.reject(api_error::kNotLatest, "Execution " + c.pipelineExecutionId +
                                          " is not the latest execution in stage " + c.stageName);
    return;
  }
  StageExecution& se = e->stageExecutions[index];
  const bool evaluating = e->position == ExecutionPosition::InsideStage && e->stageIndex == index &&
                          se.condition && se.condition->conditionType == c.conditionType &&
                          se.condition->status == ConditionStatus::InProgress;
  const bool failed_on_success =
      c.conditionType == ConditionType::OnSuccess && se.failedByOnSuccessCondition &&
      se.status == StageExecutionStatus::Failed && e->status == PipelineExecutionStatus::Failed;
  const bool skip = se.condition && se.condition->result == ConditionResult::Skip;
  if ((!evaluating && !failed_on_success) || skip || c.conditionType == ConditionType::OnFailure) {
    ctx.reject(api_error::kConditionNotOverridable,
               std::string("The ") + to_string(c.conditionType) + " condition of stage " +
                   c.stageName + " cannot be overridden now");
    return;
  }
  if (failed_on_success) {
    if (e->pipelineVersion != p.declaration.version) {
      ctx.reject(api_error::kConditionNotOverridable,
                 "The pipeline was updated after execution " + e->pipelineExecutionId + " started");
      return;
    }
    if (p.declaration.executionMode != ExecutionMode::Superseded &&
        p.activeExecutions >= ctx.state.settings.maxConcurrentExecutions) {
      ctx.reject(api_error::kConcurrentLimit, "The pipeline has reached its concurrent limit");
      return;
    }
  }

  ctx.decision.pipelineExecutionId = e->pipelineExecutionId;
  abandon_rules(*se.condition, ctx.now);
  if (c.conditionType == ConditionType::BeforeEntry) {
    progress_stage(ctx, p, *e);  // actions start as if the entry condition were met
  } else if (evaluating) {
    leave_stage(ctx, p, *e, StageExecutionStatus::Succeeded);
  } else {
    // S12 + P10: the failed stage becomes Succeeded without taking the lock again, and the
    // execution continues with the next stage.
    se.failedByOnSuccessCondition = false;
    e->statusSummary.clear();
    e->position = ExecutionPosition::InsideStage;
    e->stageIndex = index;
    set_execution_status(ctx, p, *e, PipelineExecutionStatus::InProgress);
    set_stage_status(ctx, *e, index, StageExecutionStatus::Succeeded);
    arrive_at_stage(ctx, p, *e, index + 1);
  }
}

}  // namespace lockstep::engine

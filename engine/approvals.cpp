// PutApprovalResult and approval timeouts (SEMANTICS §11): tokens are per attempt.
#include "engine/command_handlers.hpp"

namespace lockstep::engine {

void handle(DecisionContext& ctx, const ApprovalResult& c) {
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
  bool action_known = false;
  for (const auto& a : p.declaration.stages[static_cast<std::size_t>(stage_index)].actions) {
    action_known = action_known || a.name == c.actionName;
  }
  if (!action_known) {
    ctx.reject(api_error::kActionNotFound, "Action " + c.actionName + " not found");
    return;
  }

  const std::string invalid = "The approval token is not valid for action " + c.actionName;
  auto token = ctx.state.approvalTokens.find(c.token);
  if (token == ctx.state.approvalTokens.end()) {
    ctx.reject(api_error::kInvalidApprovalToken, invalid);
    return;
  }
  PipelineState* owner = nullptr;
  PipelineExecution* e = nullptr;
  ActionExecution* a = find_action_execution(ctx.state, token->second, &owner, &e);
  if (a == nullptr || owner != &p || a->stageName != c.stageName || a->actionName != c.actionName) {
    ctx.reject(api_error::kInvalidApprovalToken, invalid);
    return;
  }
  // A token of an older attempt, or of an attempt that timed out or was abandoned, is invalid;
  // one of the current attempt that was already answered is "already completed" (§11.4).
  const StageExecution* se = nullptr;
  for (const StageExecution& candidate : e->stageExecutions) {
    if (candidate.stageName == a->stageName) se = &candidate;
  }
  const int latest = se == nullptr ? -1 : se->latestAttempt[a->actionIndex];
  const bool current_attempt =
      latest >= 0 && e->actionExecutions[static_cast<std::size_t>(latest)].actionExecutionId ==
                         a->actionExecutionId;
  if (!current_attempt || a->timedOut || a->status == ActionExecutionStatus::Abandoned) {
    ctx.reject(api_error::kInvalidApprovalToken, invalid);
    return;
  }
  if (a->approvalAnswered || a->status != ActionExecutionStatus::InProgress) {
    ctx.reject(api_error::kApprovalAlreadyCompleted,
               "The approval for action " + c.actionName + " was already answered");
    return;
  }

  a->approvalAnswered = true;
  a->updatedBy = c.updatedBy;
  ctx.decision.approvedAt = ctx.now;
  ctx.decision.pipelineExecutionId = e->pipelineExecutionId;
  if (c.status == ApprovalStatus::Approved) {
    record_action_result(ctx, *e, *a, ActionExecutionStatus::Succeeded, c.summary);
  } else {
    record_action_result(ctx, *e, *a, ActionExecutionStatus::Failed, c.summary,
                         ErrorDetails{"", c.summary.empty() ? "Rejected" : c.summary});
  }
  progress_stage(ctx, *owner, *e);
}

}  // namespace lockstep::engine

// RetryStageExecution: the eligibility checklist in its fixed order (SEMANTICS §9.1) and the
// resumption of the stage (§9.2), shared with the automatic retry (§9.4).
#include "engine/command_handlers.hpp"

namespace lockstep::engine {
namespace {

bool latest_attempt_is(const PipelineExecution& e, const StageExecution& se,
                       ActionExecutionStatus a, ActionExecutionStatus b) {
  for (int index : se.latestAttempt) {
    if (index < 0) continue;
    const auto status = e.actionExecutions[static_cast<std::size_t>(index)].status;
    if (status == a || status == b) return true;
  }
  return false;
}

struct Verdict {
  const char* exception = nullptr;
  std::string message;
};

// §9.1 exactly in order; the first failing check decides.
Verdict check_retry(const EngineState& s, const PipelineState& p, const PipelineExecution* e,
                    int stage_index, const RetryStage& c) {
  const std::string& stage = c.stageName;
  if (stage_index < 0) return {api_error::kStageNotFound, "Stage " + stage + " not found"};
  const bool capped = p.declaration.executionMode != ExecutionMode::Superseded;
  if (capped && e != nullptr && is_terminal(e->status) &&
      p.activeExecutions >= s.settings.maxConcurrentExecutions) {
    return {api_error::kConcurrentLimit, "The pipeline has reached its concurrent execution limit"};
  }
  if (e == nullptr) {
    return {api_error::kNotLatest, "Execution " + c.pipelineExecutionId + " not found"};
  }
  // Rule 4 compares with stageState.latestExecution, which PARALLEL executions never set. The
  // stage is looked up in the execution's own version, which may be older than the current one.
  const auto& own_stages = declaration_of(p, *e).stages;
  bool entered_here = false;
  for (std::size_t i = 0; i < own_stages.size(); ++i) {
    if (own_stages[i].name == stage) entered_here = e->stageExecutions[i].entered;
  }
  if (uses_stage_locks(*e) && entered_here) {
    auto st = p.stages.find(stage);
    if (st == p.stages.end() || st->second.latestExecutionId != e->pipelineExecutionId) {
      return {api_error::kNotLatest,
              "A later execution has entered stage " + stage + " since " + e->pipelineExecutionId};
    }
  }
  if (e->pipelineVersion != p.declaration.version) {
    return {api_error::kStageNotRetryable,
            "The pipeline was updated after execution " + e->pipelineExecutionId + " started"};
  }
  const StageExecution& se = e->stageExecutions[static_cast<std::size_t>(stage_index)];
  if (se.entered && se.retryInProgress) {
    return {api_error::kStageNotRetryable, "A retry of stage " + stage + " is already in progress"};
  }
  if (!se.entered || se.status == StageExecutionStatus::Skipped ||
      se.status == StageExecutionStatus::Succeeded ||
      se.status == StageExecutionStatus::Cancelled) {
    return {api_error::kStageNotRetryable,
            "Stage " + stage + " has no failed actions for execution " + e->pipelineExecutionId};
  }
  // Rule 8 (stopped or failed while waiting at the entry) is the "never entered" case above.
  const bool running = stage_has_running_actions(*e, static_cast<std::size_t>(stage_index));
  if (c.retryMode == StageRetryMode::AllActions && running) {
    return {api_error::kStageNotRetryable, "Actions of stage " + stage + " are still running"};
  }
  if (c.retryMode == StageRetryMode::FailedActions &&
      !latest_attempt_is(*e, se, ActionExecutionStatus::Failed, ActionExecutionStatus::Abandoned)) {
    return {api_error::kStageNotRetryable, "Stage " + stage + " has no failed actions"};
  }
  const bool resumable_status =
      e->status == PipelineExecutionStatus::Failed ||
      e->status == PipelineExecutionStatus::Stopped ||
      (e->status == PipelineExecutionStatus::InProgress &&
       e->position == ExecutionPosition::InsideStage &&
       e->stageIndex == static_cast<std::size_t>(stage_index) && !e->cancelPending);
  if (!resumable_status) {
    return {api_error::kStageNotRetryable,
            std::string("Execution ") + e->pipelineExecutionId + " is " + to_string(e->status)};
  }
  return {};
}

}  // namespace

void resume_stage(DecisionContext& ctx, PipelineState& p, PipelineExecution& e,
                  std::size_t stage_index, StageRetryMode mode, StageRetryTrigger trigger) {
  StageExecution& se = e.stageExecutions[stage_index];
  for (int& index : se.latestAttempt) {
    if (index < 0) continue;
    const auto status = e.actionExecutions[static_cast<std::size_t>(index)].status;
    // The old attempts stay in history; only the stage's view of "latest" is reset.
    const bool rerun = mode == StageRetryMode::AllActions ||
                       status == ActionExecutionStatus::Failed ||
                       status == ActionExecutionStatus::Abandoned;
    if (rerun) index = -1;
  }
  se.condition.reset();
  se.failedByOnSuccessCondition = false;
  se.retryInProgress = true;
  se.latestRetryTrigger = trigger;
  if (trigger == StageRetryTrigger::AutomatedStageRetry) {
    ++se.autoStageRetryAttempt;
  } else {
    ++se.manualStageRetryAttempt;
  }
  ++e.attempt;
  e.statusSummary.clear();
  if (uses_stage_locks(e)) {
    StageState& st = stage_state(p, se.stageName);
    st.lockHolder = e.pipelineExecutionId;  // free: rule 4 guarantees nobody else entered
    st.latestExecutionId = e.pipelineExecutionId;
  }
  e.position = ExecutionPosition::InsideStage;
  e.stageIndex = stage_index;
  if (e.status != PipelineExecutionStatus::InProgress) {
    e.stopReason.reset();
    set_execution_status(ctx, p, e, PipelineExecutionStatus::InProgress);  // P10/P11: RESUMED
  }
  if (se.status == StageExecutionStatus::InProgress) {
    notify(ctx, e, EventSubject::StageExecution, "RESUMED", se.stageName);
  } else {
    set_stage_status(ctx, e, stage_index, StageExecutionStatus::InProgress);
  }
  if (mode == StageRetryMode::AllActions) {
    const StageDeclaration& sd = stage_declaration(p, e, stage_index);
    if (!sd.beforeEntry.empty()) {
      start_condition(ctx, p, e, ConditionType::BeforeEntry);
      return;
    }
  }
  progress_stage(ctx, p, e);
}

void handle(DecisionContext& ctx, const RetryStage& c) {
  auto pit = ctx.state.pipelines.find(c.pipelineName);
  if (pit == ctx.state.pipelines.end()) {
    ctx.reject(api_error::kPipelineNotFound, "Pipeline " + c.pipelineName + " not found");
    return;
  }
  PipelineState& p = pit->second;
  PipelineExecution* e = find_execution(p, c.pipelineExecutionId);
  const int stage_index = current_stage_index(p, c.stageName);
  Verdict verdict = check_retry(ctx.state, p, e, stage_index, c);
  if (verdict.exception != nullptr) {
    ctx.reject(verdict.exception, std::move(verdict.message));
    return;
  }
  ctx.decision.pipelineExecutionId = e->pipelineExecutionId;
  resume_stage(ctx, p, *e, static_cast<std::size_t>(stage_index), c.retryMode,
               StageRetryTrigger::ManualStageRetry);
}

}  // namespace lockstep::engine

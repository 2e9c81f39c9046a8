// Every status change goes through here, so the event (§3.7), lastUpdateTime and the count of
// active executions (the §5.5 cap) can never drift from the statuses themselves.
#include "engine/execution_flow.hpp"

namespace lockstep::engine {

void notify(DecisionContext& ctx, const PipelineExecution& e, EventSubject subject,
            const char* state, std::string_view stage, std::string_view action,
            std::string_view action_execution_id) {
  Notify n;
  n.subject = subject;
  n.state = state;
  n.pipelineName = e.pipelineName;
  n.pipelineVersion = e.pipelineVersion;
  n.pipelineExecutionId = e.pipelineExecutionId;
  n.executionAttempt = e.attempt;
  n.executionStartTime = e.startTime;
  n.time = ctx.now;
  n.stageName = stage;
  n.actionName = action;
  n.actionExecutionId = action_execution_id;
  ctx.emit(std::move(n));
}

void set_execution_status(DecisionContext& ctx, PipelineState& p, PipelineExecution& e,
                          PipelineExecutionStatus to) {
  const bool was_active = !is_terminal(e.status);
  const bool now_active = !is_terminal(to);
  e.status = to;
  e.lastUpdateTime = ctx.now;
  if (was_active && !now_active) {
    --p.activeExecutions;
    e.position = ExecutionPosition::Finished;
  } else if (!was_active && now_active) {
    ++p.activeExecutions;
  }
  const char* event = "";
  switch (to) {
    case PipelineExecutionStatus::InProgress:
      event = was_active ? "STARTED" : "RESUMED";
      break;
    case PipelineExecutionStatus::Stopping:
      event = "STOPPING";
      break;
    case PipelineExecutionStatus::Stopped:
      event = "STOPPED";
      break;
    case PipelineExecutionStatus::Succeeded:
      event = "SUCCEEDED";
      break;
    case PipelineExecutionStatus::Superseded:
      event = "SUPERSEDED";
      break;
    case PipelineExecutionStatus::Failed:
      event = "FAILED";
      break;
    case PipelineExecutionStatus::Cancelled:
      event = "CANCELED";
      break;
  }
  notify(ctx, e, EventSubject::PipelineExecution, event);
}

void set_stage_status(DecisionContext& ctx, PipelineExecution& e, std::size_t stage_index,
                      StageExecutionStatus to) {
  StageExecution& se = e.stageExecutions[stage_index];
  const StageExecutionStatus from = se.status;
  se.status = to;
  e.lastUpdateTime = ctx.now;
  const char* event = nullptr;
  switch (to) {
    case StageExecutionStatus::InProgress:
      event = is_terminal(from) && se.entered ? "RESUMED" : "STARTED";
      break;
    case StageExecutionStatus::Stopping:
      event = "STOPPING";
      break;
    case StageExecutionStatus::Stopped:
      event = "STOPPED";
      break;
    case StageExecutionStatus::Succeeded:
      event = "SUCCEEDED";
      break;
    case StageExecutionStatus::Failed:
      event = "FAILED";
      break;
    case StageExecutionStatus::Cancelled:
      event = "CANCELED";
      break;
    case StageExecutionStatus::Skipped:
      break;  // the event vocabulary has no SKIPPED
  }
  if (event != nullptr) notify(ctx, e, EventSubject::StageExecution, event, se.stageName);
}

void set_action_status(DecisionContext& ctx, PipelineExecution& e, ActionExecution& a,
                       ActionExecutionStatus to) {
  a.status = to;
  a.lastUpdateTime = ctx.now;
  e.lastUpdateTime = ctx.now;
  const char* event = "STARTED";
  switch (to) {
    case ActionExecutionStatus::InProgress:
      event = "STARTED";
      break;
    case ActionExecutionStatus::Succeeded:
      event = "SUCCEEDED";
      break;
    case ActionExecutionStatus::Failed:
      event = "FAILED";
      break;
    case ActionExecutionStatus::Abandoned:
      event = "ABANDONED";
      break;
  }
  notify(ctx, e, EventSubject::ActionExecution, event, a.stageName, a.actionName,
         a.actionExecutionId);
}

}  // namespace lockstep::engine

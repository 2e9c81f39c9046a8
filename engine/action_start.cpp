// Starting one action attempt: a new actionExecutionId, variables resolved, inputs located
// (SEMANTICS §3.4 A1, §12.2, §13.4); manual approvals also get their token and timeout timer.
#include "engine/execution_flow.hpp"

namespace lockstep::engine {
namespace {

constexpr std::size_t kMaxResolvedConfiguration = 100 * 1024;  // §2.2
constexpr int kDefaultApprovalTimeoutMinutes = 7 * 24 * 60;    // §11.2

bool is_manual_approval(const ActionDeclaration& a) {
  return a.actionTypeId.category == ActionCategory::Approval && a.actionTypeId.provider == "Manual";
}

std::string join(const std::vector<std::string>& items, const char* separator) {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
}

void arm_approval_timeout(DecisionContext& ctx, const PipelineExecution& e,
                          const ActionDeclaration& ad, ActionExecution& a) {
  PendingTimer timer;
  timer.timerId = ctx.state.ids.next_ordered(ctx.now);
  timer.kind = TimerKind::ApprovalTimeout;
  const int minutes = ad.timeoutInMinutes.value_or(kDefaultApprovalTimeoutMinutes);
  timer.fireAt = ctx.now + static_cast<Timestamp>(minutes) * 60 * 1000;
  timer.pipelineName = e.pipelineName;
  timer.pipelineExecutionId = e.pipelineExecutionId;
  timer.actionExecutionId = a.actionExecutionId;
  a.timerId = timer.timerId;
  ctx.emit(ArmTimer{timer.timerId, timer.fireAt, timer.kind});
  ctx.state.timers.emplace(timer.timerId, std::move(timer));
}

}  // namespace

void start_action(DecisionContext& ctx, PipelineState& p, PipelineExecution& e,
                  std::size_t stage_index, std::size_t action_index) {
  const StageDeclaration& sd = stage_declaration(p, e, stage_index);
  const ActionDeclaration& ad = sd.actions[action_index];

  ActionExecution a;
  a.actionExecutionId = ctx.state.ids.next_ordered(ctx.now);
  a.stageName = sd.name;
  a.actionName = ad.name;
  a.actionIndex = action_index;
  a.startTime = ctx.now;

  StartAction start;
  std::vector<std::string> unresolved;
  std::size_t resolved_size = 0;
  for (const auto& [key, raw] : ad.configuration) {
    std::string value = resolve_variables(e, raw, unresolved);
    resolved_size += key.size() + value.size();
    a.resolvedConfiguration.emplace(key, std::move(value));
  }
  for (const std::string& command : ad.commands) {
    start.resolvedCommands.push_back(resolve_variables(e, command, unresolved));
  }
  for (const EnvironmentVariable& variable : ad.environmentVariables) {
    EnvironmentVariable resolved = variable;
    resolved.value = resolve_variables(e, variable.value, unresolved);
    start.resolvedEnvironmentVariables.push_back(std::move(resolved));
  }
  std::vector<std::string> missing_inputs;
  for (const std::string& name : ad.inputArtifacts) {
    auto it = e.artifacts.find(name);
    if (it == e.artifacts.end()) {
      missing_inputs.push_back(name);
    } else {
      a.inputArtifacts.push_back(it->second);
    }
  }

  const std::size_t index = e.actionExecutions.size();
  e.stageExecutions[stage_index].latestAttempt[action_index] = static_cast<int>(index);
  e.actionExecutions.push_back(std::move(a));
  ActionExecution& started = e.actionExecutions.back();
  set_action_status(ctx, e, started, ActionExecutionStatus::InProgress);

  // Resolution problems fail the attempt before any work is handed to an executor (§7).
  if (!unresolved.empty()) {
    std::string message = "One or more variables could not be resolved: Action name=" + ad.name +
                          "; unresolved: " + join(unresolved, ", ");
    record_action_result(ctx, e, started, ActionExecutionStatus::Failed, message);
    return;
  }
  if (resolved_size > kMaxResolvedConfiguration) {
    record_action_result(
        ctx, e, started, ActionExecutionStatus::Failed,
        "The resolved configuration exceeds the 100 KB limit: Action name=" + ad.name);
    return;
  }
  if (!missing_inputs.empty()) {
    record_action_result(ctx, e, started, ActionExecutionStatus::Failed,
                         "Input artifacts are not available in this execution: Action name=" +
                             ad.name + "; missing: " + join(missing_inputs, ", "));
    return;
  }

  if (is_manual_approval(ad)) {
    // The token doubles as externalExecutionId, which is how PARALLEL approvers find it (§11.3).
    started.token = ctx.state.ids.next_random();
    started.externalExecutionId = started.token;
    ctx.state.approvalTokens[started.token] =
        ActionExecutionRef{e.pipelineName, e.pipelineExecutionId, started.actionExecutionId};
    arm_approval_timeout(ctx, e, ad, started);
    start.approvalToken = started.token;
    start.approvalExpiresAt = ctx.state.timers.at(started.timerId).fireAt;
  }
  if (ad.actionTypeId.category == ActionCategory::Source) {
    for (const SourceRevision& revision : e.sourceRevisions) {
      if (revision.actionName == ad.name) start.sourceRevisions.push_back(revision);
    }
  }
  start.actionExecutionId = started.actionExecutionId;
  start.pipelineName = e.pipelineName;
  start.pipelineVersion = e.pipelineVersion;
  start.pipelineExecutionId = e.pipelineExecutionId;
  start.stageName = sd.name;
  start.action = ad;
  start.resolvedConfiguration = started.resolvedConfiguration;
  start.inputArtifacts = started.inputArtifacts;
  ctx.emit(std::move(start));
}

}  // namespace lockstep::engine

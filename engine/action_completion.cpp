// An executor's report for one action attempt (SEMANTICS §3.4 A2/A3): outputs become visible to
// later actions, and the stage moves on.
#include <utility>

#include "engine/command_handlers.hpp"

namespace lockstep::engine {

void record_action_result(DecisionContext& ctx, PipelineExecution& e, ActionExecution& a,
                          ActionExecutionStatus status, std::string summary,
                          std::optional<ErrorDetails> error) {
  a.summary = std::move(summary);
  // The timeout of an answered or abandoned approval is moot; its TimerFired will find nothing.
  if (!a.timerId.empty()) ctx.state.timers.erase(std::exchange(a.timerId, std::string()));
  if (status == ActionExecutionStatus::Failed) {
    a.errorDetails = error ? std::move(error) : ErrorDetails{"", a.summary};
    if (a.errorDetails->message.empty()) a.errorDetails->message = a.summary;
  }
  set_action_status(ctx, e, a, status);
}

namespace {

constexpr std::size_t kMaxOutputVariables = 122880;  // bytes, all of one action's variables (§2.2)

std::size_t size_of(const VariableValues& variables) {
  std::size_t total = 0;
  for (const auto& [key, value] : variables) total += key.size() + value.size();
  return total;
}

void apply_success(PipelineState& p, PipelineExecution& e, ActionExecution& a,
                   const ActionCompleted& c) {
  const ActionDeclaration& ad = stage_declaration(p, e, e.stageIndex).actions[a.actionIndex];
  a.outputArtifacts.clear();
  for (const OutputArtifact& declared : ad.outputArtifacts) {
    ArtifactInstance instance;
    instance.name = declared.name;
    for (const ArtifactInstance& reported : c.outputArtifacts) {
      if (reported.name == declared.name) instance = reported;
    }
    instance.producerActionExecutionId = a.actionExecutionId;
    a.outputArtifacts.push_back(instance);
    e.artifacts[instance.name] = std::move(instance);  // a retry replaces the earlier instance
  }
  a.outputVariables = c.outputVariables;
  if (!ad.namespace_.empty()) e.namespaceVariables[ad.namespace_] = c.outputVariables;
}

}  // namespace

void handle(DecisionContext& ctx, const ActionCompleted& c) {
  PipelineState* p = nullptr;
  PipelineExecution* e = nullptr;
  ActionExecution* a = find_action_execution(
      ctx.state, {c.pipelineName, c.pipelineExecutionId, c.actionExecutionId}, &p, &e);
  if (a == nullptr) {
    ctx.reject(api_error::kActionNotFound, "No action execution " + c.actionExecutionId);
    return;
  }
  // Abandoned (or already finished) attempts ignore late results (§8.2.3).
  if (a->status != ActionExecutionStatus::InProgress) return;
  a->externalExecutionId =
      c.externalExecutionId.empty() ? a->externalExecutionId : c.externalExecutionId;
  a->externalExecutionUrl = c.externalExecutionUrl;
  a->externalExecutionSummary = c.summary;
  if (c.outcome == ActionOutcome::Succeeded && size_of(c.outputVariables) > kMaxOutputVariables) {
    // §13.3: too much output fails the action instead of truncating it (our wording).
    record_action_result(
        ctx, *e, *a, ActionExecutionStatus::Failed,
        "The output variables exceed the 122880-byte limit: Action name=" + a->actionName);
  } else if (c.outcome == ActionOutcome::Succeeded) {
    apply_success(*p, *e, *a, c);
    record_action_result(ctx, *e, *a, ActionExecutionStatus::Succeeded, c.summary);
  } else {
    record_action_result(ctx, *e, *a, ActionExecutionStatus::Failed, c.summary, c.errorDetails);
  }
  progress_stage(ctx, *p, *e);
}

}  // namespace lockstep::engine

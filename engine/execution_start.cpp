// Creating a pipeline execution (SEMANTICS §4.1): pipeline variables fixed at creation (§13.2),
// the concurrency cap (§5.5) and the walk to the first stage's entry.
#include <set>

#include "engine/command_handlers.hpp"

namespace lockstep::engine {
namespace {

bool has_cap(const PipelineState& p) {
  return p.declaration.executionMode != ExecutionMode::Superseded;
}

// Defaults overlaid with the start's overrides; empty optional + message when not acceptable.
std::optional<std::vector<ResolvedPipelineVariable>> resolve_pipeline_variables(
    const PipelineDeclaration& d, const std::vector<ResolvedPipelineVariable>& overrides,
    std::string& problem) {
  std::set<std::string> declared;
  for (const auto& v : d.variables) declared.insert(v.name);
  for (const auto& o : overrides) {
    if (!declared.count(o.name)) {
      problem = "Pipeline variable '" + o.name + "' is not declared in pipeline " + d.name;
      return std::nullopt;
    }
  }
  std::vector<ResolvedPipelineVariable> out;
  for (const auto& v : d.variables) {
    const ResolvedPipelineVariable* given = nullptr;
    for (const auto& o : overrides) {
      if (o.name == v.name) given = &o;
    }
    if (given != nullptr) {
      out.push_back(*given);
    } else if (v.defaultValue) {
      out.push_back({v.name, *v.defaultValue});
    } else {
      problem = "Pipeline variable '" + v.name + "' has no default value and must be supplied";
      return std::nullopt;
    }
  }
  return out;
}

}  // namespace

PipelineExecution& create_execution(DecisionContext& ctx, PipelineState& p, std::string id,
                                    ExecutionTrigger trigger) {
  PipelineExecution e;
  e.pipelineExecutionId = id;
  e.pipelineName = p.name;
  e.sequence = p.nextSequence++;
  e.pipelineVersion = p.declaration.version;
  e.executionMode = p.declaration.executionMode;
  e.trigger = std::move(trigger);
  e.startTime = ctx.now;
  e.lastUpdateTime = ctx.now;
  e.stageExecutions.resize(p.declaration.stages.size());
  std::size_t actions = 0;
  for (std::size_t i = 0; i < p.declaration.stages.size(); ++i) {
    e.stageExecutions[i].stageName = p.declaration.stages[i].name;
    actions += p.declaration.stages[i].actions.size();
  }
  e.actionExecutions.reserve(actions);  // one attempt each in the common case
  p.executionOrder.push_back(id);
  ++p.activeExecutions;
  return p.executions.emplace(std::move(id), std::move(e)).first->second;
}

void handle(DecisionContext& ctx, const StartExecution& c) {
  auto pit = ctx.state.pipelines.find(c.pipelineName);
  if (pit == ctx.state.pipelines.end()) {
    ctx.reject(api_error::kPipelineNotFound, "Pipeline " + c.pipelineName + " not found");
    return;
  }
  PipelineState& p = pit->second;
  if (!c.clientRequestToken.empty()) {
    auto seen = p.clientRequestTokens.find(c.clientRequestToken);
    if (seen != p.clientRequestTokens.end()) {
      ctx.decision.pipelineExecutionId = seen->second;  // idempotent repeat: same execution
      return;
    }
  }
  if (!c.pipelineExecutionId.empty() && p.executions.count(c.pipelineExecutionId)) {
    ctx.reject(api_error::kValidation, "Execution id " + c.pipelineExecutionId + " already used");
    return;
  }
  std::string problem;
  auto variables = resolve_pipeline_variables(p.declaration, c.variables, problem);
  if (!variables) {
    ctx.reject(api_error::kValidation, problem);
    return;
  }
  const bool at_cap =
      has_cap(p) && p.activeExecutions >= ctx.state.settings.maxConcurrentExecutions;
  if (at_cap && !c.fromGitTrigger) {
    ctx.reject(api_error::kConcurrentLimit,
               "Pipeline " + p.name + " already has the maximum number of concurrent executions");
    return;
  }

  std::string id =
      c.pipelineExecutionId.empty() ? ctx.state.ids.next_random() : c.pipelineExecutionId;
  if (!c.clientRequestToken.empty()) p.clientRequestTokens[c.clientRequestToken] = id;
  PipelineExecution& e = create_execution(ctx, p, id, c.trigger);
  e.sourceRevisions = c.sourceRevisions;
  e.variables = std::move(*variables);
  ctx.decision.pipelineExecutionId = id;
  notify(ctx, e, EventSubject::PipelineExecution, "STARTED");
  if (at_cap) {
    // P12, our decision: the trigger is recorded, not dropped, and never enters a stage.
    e.statusSummary = "The limit of " + std::to_string(ctx.state.settings.maxConcurrentExecutions) +
                      " concurrent executions was reached; this triggered execution did not run";
    set_execution_status(ctx, p, e, PipelineExecutionStatus::Failed);
    return;
  }
  arrive_at_stage(ctx, p, e, 0);
}

}  // namespace lockstep::engine

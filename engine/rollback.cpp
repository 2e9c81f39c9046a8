// Stage rollback (SEMANTICS §14): a new ROLLBACK execution re-runs one stage with the target
// execution's revisions, artifacts and variables.
#include "engine/command_handlers.hpp"

namespace lockstep::engine {
namespace {

bool succeeded_in(const PipelineExecution& t, std::size_t stage_index) {
  return stage_index < t.stageExecutions.size() && t.stageExecutions[stage_index].entered &&
         t.stageExecutions[stage_index].status == StageExecutionStatus::Succeeded;
}

void start_rollback_execution(DecisionContext& ctx, PipelineState& p, const std::string& id,
                              const char* trigger_type, const PipelineExecution& target,
                              std::size_t stage_index) {
  // Copy what we need before creating: inserting may rehash, but references stay valid; the
  // copies keep this independent of that guarantee anyway.
  const std::vector<SourceRevision> revisions = target.sourceRevisions;
  const std::vector<ResolvedPipelineVariable> variables = target.variables;
  const auto artifacts = target.artifacts;
  const auto namespaces = target.namespaceVariables;
  const std::string target_id = target.pipelineExecutionId;

  PipelineExecution& r = create_execution(ctx, p, id, ExecutionTrigger{trigger_type, target_id});
  r.executionType = ExecutionType::Rollback;
  r.rollbackTargetPipelineExecutionId = target_id;
  r.sourceRevisions = revisions;
  r.variables = variables;
  r.artifacts = artifacts;
  r.namespaceVariables = namespaces;
  r.lastStageIndex = stage_index;  // runs this one stage only (§14.1, our reading)
  notify(ctx, r, EventSubject::PipelineExecution, "STARTED");
  arrive_at_stage(ctx, p, r, stage_index);
}

}  // namespace

void start_automatic_rollback(DecisionContext& ctx, PipelineState& p, const PipelineExecution& e,
                              std::size_t stage_index) {
  // T = the most recent other STANDARD execution of the current version that succeeded here.
  const PipelineExecution* target = nullptr;
  for (auto it = p.executionOrder.rbegin(); it != p.executionOrder.rend(); ++it) {
    const PipelineExecution& t = p.executions.at(*it);
    if (t.pipelineExecutionId == e.pipelineExecutionId) continue;
    if (t.executionType != ExecutionType::Standard) continue;
    if (t.pipelineVersion != p.declaration.version) continue;
    if (!succeeded_in(t, stage_index)) continue;
    target = &t;
    break;
  }
  if (target == nullptr) return;  // nothing to roll back to: E simply stays Failed (§14.3)
  start_rollback_execution(ctx, p, ctx.state.ids.next_random(), "AutomatedRollback", *target,
                           stage_index);
}

void handle(DecisionContext& ctx, const RollbackStage& c) {
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
  const PipelineExecution* target = find_execution(p, c.targetPipelineExecutionId);
  if (target == nullptr) {
    ctx.reject(api_error::kExecutionNotFound,
               "Execution " + c.targetPipelineExecutionId + " not found in " + p.name);
    return;
  }
  if (target->pipelineVersion != p.declaration.version) {
    ctx.reject(api_error::kExecutionOutdated,
               "Execution " + target->pipelineExecutionId + " ran on an older pipeline version");
    return;
  }
  const char* why = nullptr;
  const auto st = p.stages.find(c.stageName);  // a lookup only: a rejection must change nothing
  const bool in_progress = st != p.stages.end() && !st->second.lockHolder.empty();
  if (p.declaration.executionMode == ExecutionMode::Parallel) {
    why = "Stage rollback is not available for pipelines in PARALLEL mode";
  } else if (index == 0) {
    why = "The source stage cannot be rolled back";
  } else if (in_progress) {
    why = "The stage is in progress";
  } else if (target->executionType == ExecutionType::Rollback) {
    why = "The target is itself a rollback execution";
  } else if (!succeeded_in(*target, index)) {
    why = "The target execution did not succeed in the stage";
  }
  if (why != nullptr) {
    ctx.reject(api_error::kUnableToRollback, why);
    return;
  }
  if (p.activeExecutions >= ctx.state.settings.maxConcurrentExecutions &&
      p.declaration.executionMode == ExecutionMode::Queued) {
    ctx.reject(api_error::kConcurrentLimit, "The pipeline has reached its concurrent limit");
    return;
  }
  if (!c.pipelineExecutionId.empty() && p.executions.count(c.pipelineExecutionId)) {
    ctx.reject(api_error::kValidation, "Execution id " + c.pipelineExecutionId + " already used");
    return;
  }
  const std::string id =
      c.pipelineExecutionId.empty() ? ctx.state.ids.next_random() : c.pipelineExecutionId;
  ctx.decision.pipelineExecutionId = id;
  start_rollback_execution(ctx, p, id, "ManualRollback", *target, index);
}

}  // namespace lockstep::engine

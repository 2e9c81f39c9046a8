// Builds GetPipelineState's stageStates from the engine state, without changing it.
#include "engine/pipeline_state_view.hpp"

namespace lockstep::engine {
namespace {

const PipelineExecution* find(const PipelineState& p, const std::string& id) {
  auto it = p.executions.find(id);
  return it == p.executions.end() ? nullptr : &it->second;
}

const StageExecution* stage_of(const PipelineExecution& e, const std::string& stage_name) {
  for (const StageExecution& se : e.stageExecutions) {
    if (se.stageName == stage_name && se.entered) return &se;
  }
  return nullptr;
}

std::optional<ActionLatestExecutionView> latest_attempt(const PipelineExecution& e,
                                                        const StageExecution& se,
                                                        const std::string& action_name) {
  // Newest attempt of this action in the stage, including one that a retry has just replaced.
  for (auto it = e.actionExecutions.rbegin(); it != e.actionExecutions.rend(); ++it) {
    if (it->stageName != se.stageName || it->actionName != action_name) continue;
    ActionLatestExecutionView v;
    v.actionExecutionId = it->actionExecutionId;
    v.status = it->status;
    v.summary = it->summary;
    v.lastStatusChange = it->lastUpdateTime;
    v.token = it->token;
    v.externalExecutionId = it->externalExecutionId;
    v.externalExecutionUrl = it->externalExecutionUrl;
    v.errorDetails = it->errorDetails;
    v.updatedBy = it->updatedBy;
    return v;
  }
  return std::nullopt;
}

}  // namespace

std::vector<StageStateView> pipeline_state_view(const PipelineState& p) {
  std::vector<StageStateView> out;
  const bool parallel = p.declaration.executionMode == ExecutionMode::Parallel;
  for (const StageDeclaration& sd : p.declaration.stages) {
    StageStateView view;
    view.stageName = sd.name;
    auto st = p.stages.find(sd.name);
    if (st != p.stages.end()) view.inboundTransitionState = st->second.inboundTransition;
    if (!parallel && st != p.stages.end()) {
      for (const std::string& id : st->second.inboundExecutions) {
        if (const PipelineExecution* e = find(p, id)) {
          view.inboundExecutions.push_back({id, e->pipelineVersion, e->status});
        }
      }
      const PipelineExecution* latest = find(p, st->second.latestExecutionId);
      const StageExecution* se = latest == nullptr ? nullptr : stage_of(*latest, sd.name);
      if (se != nullptr) {
        view.latestExecution =
            StageLatestExecutionView{latest->pipelineExecutionId, se->status, se->type};
      }
      for (const ActionDeclaration& ad : sd.actions) {
        ActionStateView action{ad.name, std::nullopt};
        if (se != nullptr) action.latestExecution = latest_attempt(*latest, *se, ad.name);
        view.actionStates.push_back(std::move(action));
      }
    }
    out.push_back(std::move(view));
  }
  return out;
}

}  // namespace lockstep::engine

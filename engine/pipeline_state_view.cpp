// Builds GetPipelineState's stageStates from the engine state, without changing it.
#include "engine/pipeline_state_view.hpp"

#include <algorithm>

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

// Newest attempt of this action in the stage, including one that a retry has just replaced.
const ActionExecution* newest_attempt(const PipelineExecution& e, const StageExecution& se,
                                      const std::string& action_name) {
  for (auto it = e.actionExecutions.rbegin(); it != e.actionExecutions.rend(); ++it) {
    if (it->stageName == se.stageName && it->actionName == action_name) return &*it;
  }
  return nullptr;
}

ActionLatestExecutionView latest_execution(const ActionExecution& a) {
  ActionLatestExecutionView v;
  v.actionExecutionId = a.actionExecutionId;
  v.status = a.status;
  v.summary = a.summary;
  v.lastStatusChange = a.lastUpdateTime;
  v.token = a.token;
  v.externalExecutionId = a.externalExecutionId;
  v.externalExecutionUrl = a.externalExecutionUrl;
  v.errorDetails = a.errorDetails;
  v.updatedBy = a.updatedBy;
  return v;
}

// The revision of the source artifact this attempt produced, if it produced one.
std::optional<ActionRevisionView> current_revision(const PipelineExecution& e,
                                                   const ActionExecution& attempt) {
  for (const ArtifactInstance& output : attempt.outputArtifacts) {
    std::string revision = output.revisionId;
    auto it = e.artifacts.find(output.name);
    if (revision.empty() && it != e.artifacts.end() &&
        it->second.producerActionExecutionId == attempt.actionExecutionId) {
      revision = it->second.revisionId;
    }
    if (revision.empty()) continue;
    auto date = attempt.outputVariables.find("AuthorDate");
    const bool dated = date != attempt.outputVariables.end() && !date->second.empty();
    return ActionRevisionView{revision, dated ? date->second : revision, attempt.lastUpdateTime};
  }
  return std::nullopt;
}

ConditionStateView condition_view(const ConditionExecution& c) {
  ConditionStateView view;
  view.conditionType = c.conditionType;
  view.status = c.status;
  view.summary = c.summary;
  for (const RuleExecution& r : c.rules) {
    const Timestamp changed = std::max(r.startTime, r.lastUpdateTime);
    view.lastStatusChange = std::max(view.lastStatusChange, changed);
    view.ruleStates.push_back({r.ruleName, r.ruleExecutionId, r.status, r.summary, changed});
  }
  return view;
}

std::optional<RetryStageMetadataView> retry_metadata(const StageExecution& se) {
  if (!se.latestRetryTrigger) return std::nullopt;
  return RetryStageMetadataView{se.autoStageRetryAttempt, se.manualStageRetryAttempt,
                                se.latestRetryTrigger};
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
        if (se->condition) view.condition = condition_view(*se->condition);
        view.retryStageMetadata = retry_metadata(*se);
      }
      for (const ActionDeclaration& ad : sd.actions) {
        ActionStateView action;
        action.actionName = ad.name;
        const ActionExecution* a = se == nullptr ? nullptr : newest_attempt(*latest, *se, ad.name);
        if (a != nullptr) {
          action.latestExecution = latest_execution(*a);
          action.currentRevision = current_revision(*latest, *a);
        }
        view.actionStates.push_back(std::move(action));
      }
    }
    out.push_back(std::move(view));
  }
  return out;
}

}  // namespace lockstep::engine

// Restoring state: declarations first, then executions in start order, then the stage states,
// timers and tokens that refer to them.
#include "engine/state_restore.hpp"

#include <algorithm>

#include "engine/execution_flow.hpp"

namespace lockstep::engine {

EngineState restore_engine_state(StoredExecutionState stored,
                                 const std::vector<PipelineDeclaration>& current,
                                 const DeclarationLookup& version_of, EngineSettings settings,
                                 IdSource seed) {
  EngineState state;
  state.settings = settings;
  state.ids = stored.ids.value_or(seed);
  for (const PipelineDeclaration& d : current) {
    PipelineState& p = state.pipelines[d.name];
    p.name = d.name;
    p.declaration = d;
    p.versions.emplace(d.version, d);
    for (const auto& stage : d.stages) stage_state(p, stage.name);
  }

  std::stable_sort(stored.executions.begin(), stored.executions.end(),
                   [](const PipelineExecution& a, const PipelineExecution& b) {
                     return a.pipelineName != b.pipelineName ? a.pipelineName < b.pipelineName
                                                             : a.sequence < b.sequence;
                   });
  for (PipelineExecution& e : stored.executions) {
    auto pit = state.pipelines.find(e.pipelineName);
    if (pit == state.pipelines.end()) continue;
    PipelineState& p = pit->second;
    if (!p.versions.count(e.pipelineVersion)) {
      std::optional<PipelineDeclaration> old = version_of(p.name, e.pipelineVersion);
      if (!old) continue;  // cannot run without its declaration; storage keeps every version
      p.versions.emplace(e.pipelineVersion, std::move(*old));
    }
    if (!is_terminal(e.status)) ++p.activeExecutions;
    p.nextSequence = std::max(p.nextSequence, e.sequence + 1);
    for (const ActionExecution& a : e.actionExecutions) {
      if (!a.token.empty()) {
        state.approvalTokens[a.token] = {p.name, e.pipelineExecutionId, a.actionExecutionId};
      }
    }
    p.executionOrder.push_back(e.pipelineExecutionId);
    std::string id = e.pipelineExecutionId;
    p.executions.emplace(std::move(id), std::move(e));
  }

  for (PipelineStageStates& stored_stages : stored.stageStates) {
    auto pit = state.pipelines.find(stored_stages.pipelineName);
    if (pit == state.pipelines.end()) continue;
    for (StageState& st : stored_stages.stages) {
      std::string name = st.stageName;
      pit->second.stages[name] = std::move(st);
    }
  }
  for (PendingTimer& timer : stored.timers) {
    if (!state.pipelines.count(timer.pipelineName)) continue;
    std::string id = timer.timerId;
    state.timers.emplace(std::move(id), std::move(timer));
  }
  for (ClientRequestToken& token : stored.clientRequestTokens) {
    auto pit = state.pipelines.find(token.pipelineName);
    if (pit == state.pipelines.end()) continue;
    pit->second.clientRequestTokens[token.token] = token.pipelineExecutionId;
  }
  return state;
}

}  // namespace lockstep::engine

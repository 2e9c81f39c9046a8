// Retention: memory stays bounded however long the daemon runs; what is forgotten here is still
// in storage for the API's history queries.
#include "engine/execution_retention.hpp"

#include <unordered_set>

namespace lockstep::engine {
namespace {

std::unordered_set<std::string> named_by_stage_states(const PipelineState& p) {
  std::unordered_set<std::string> named;
  for (const auto& [name, st] : p.stages) {
    if (!st.lockHolder.empty()) named.insert(st.lockHolder);
    if (!st.latestExecutionId.empty()) named.insert(st.latestExecutionId);
    named.insert(st.inboundExecutions.begin(), st.inboundExecutions.end());
    named.insert(st.heldExecutions.begin(), st.heldExecutions.end());
  }
  return named;
}

}  // namespace

std::vector<std::string> forget_finished_executions(EngineState& state,
                                                    const std::string& pipelineName,
                                                    std::size_t keep) {
  std::vector<std::string> forgotten;
  auto pit = state.pipelines.find(pipelineName);
  if (pit == state.pipelines.end()) return forgotten;
  PipelineState& p = pit->second;
  const std::size_t active = static_cast<std::size_t>(p.activeExecutions);
  if (p.executions.size() <= keep + active) return forgotten;

  const std::unordered_set<std::string> named = named_by_stage_states(p);
  std::size_t finished_kept = 0;
  std::vector<std::string> order;
  order.reserve(p.executionOrder.size());
  // Newest first, so the `keep` most recent finished ones are the ones kept.
  for (auto it = p.executionOrder.rbegin(); it != p.executionOrder.rend(); ++it) {
    const PipelineExecution& e = p.executions.at(*it);
    const bool finished = is_terminal(e.status);
    if (!finished || named.count(*it) || finished_kept < keep) {
      finished_kept += finished && !named.count(*it) ? 1 : 0;
      order.push_back(*it);
      continue;
    }
    forgotten.push_back(*it);
  }
  for (const std::string& id : forgotten) {
    for (const ActionExecution& a : p.executions.at(id).actionExecutions) {
      if (!a.token.empty()) state.approvalTokens.erase(a.token);
    }
    p.executions.erase(id);
  }
  p.executionOrder.assign(order.rbegin(), order.rend());
  return forgotten;
}

}  // namespace lockstep::engine

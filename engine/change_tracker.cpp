// Change tracking errs on the side of writing too much: every running execution of a touched
// pipeline is written, which is a handful per batch, and never misses a state change.
#include "engine/change_tracker.hpp"

#include <algorithm>

namespace lockstep::engine {
namespace {

// The pipeline a command concerns; empty for commands that concern every pipeline or none.
std::string pipeline_of(const EngineState& state, const Command& command) {
  return std::visit(
      [&](const auto& c) -> std::string {
        using T = std::decay_t<decltype(c)>;
        if constexpr (std::is_same_v<T, PipelineUpdated>) {
          return c.declaration.name;
        } else if constexpr (std::is_same_v<T, TimerFired>) {
          auto it = state.timers.find(c.timerId);
          return it == state.timers.end() ? std::string() : it->second.pipelineName;
        } else if constexpr (std::is_same_v<T, RecoverAfterRestart>) {
          return {};
        } else {
          return c.pipelineName;
        }
      },
      command);
}

// Executions a command names, beyond the running ones.
std::vector<std::string> named_executions(const Command& command) {
  if (const auto* c = std::get_if<ActionCompleted>(&command)) return {c->pipelineExecutionId};
  if (const auto* c = std::get_if<StopExecution>(&command)) return {c->pipelineExecutionId};
  if (const auto* c = std::get_if<RetryStage>(&command)) return {c->pipelineExecutionId};
  if (const auto* c = std::get_if<RollbackStage>(&command)) {
    return {c->targetPipelineExecutionId, c->pipelineExecutionId};
  }
  if (const auto* c = std::get_if<OverrideStageCondition>(&command)) {
    return {c->pipelineExecutionId};
  }
  return {};
}

}  // namespace

void ChangeTracker::touch_execution(const std::string& pipeline, const std::string& id) {
  // try_emplace looks the id up before building a node: most touches find it already there.
  if (!id.empty()) executions_.try_emplace(id, pipeline);
}

void ChangeTracker::touch_pipeline(const std::string& name) {
  auto pit = state_.pipelines.find(name);
  if (pit == state_.pipelines.end()) return;
  pipelines_.insert(name);
  for (const auto& [id, e] : pit->second.executions) {
    if (!is_terminal(e.status)) touch_execution(name, id);
  }
}

void ChangeTracker::before(const Command& command) {
  current_.clear();
  newToken_ = false;
  if (std::holds_alternative<RecoverAfterRestart>(command)) {
    for (const auto& [name, p] : state_.pipelines) touch_pipeline(name);
    return;
  }
  current_ = pipeline_of(state_, command);
  if (current_.empty()) return;
  const std::string& pipeline = current_;
  // Only commands on a pipeline change its executions, and each accepted one touches everything
  // running after it: a pipeline touched earlier in the batch has nothing running untouched.
  // A batch of hundreds of commands on a few pipelines then walks each pipeline once.
  if (pipelines_.count(pipeline) == 0) touch_pipeline(pipeline);
  for (const std::string& id : named_executions(command)) touch_execution(pipeline, id);
  if (const auto* start = std::get_if<StartExecution>(&command)) {
    auto pit = state_.pipelines.find(pipeline);
    newToken_ = !start->clientRequestToken.empty() && pit != state_.pipelines.end() &&
                pit->second.clientRequestTokens.count(start->clientRequestToken) == 0;
  }
}

void ChangeTracker::after(const Command& command, const Decision& decision) {
  if (const auto* deleted = std::get_if<PipelineDeleted>(&command)) {
    pipelines_.erase(deleted->pipelineName);
    std::erase_if(executions_, [&](const auto& e) { return e.second == deleted->pipelineName; });
    std::erase_if(tokens_, [&](const auto& t) { return t.pipelineName == deleted->pipelineName; });
    forgotten_.push_back(deleted->pipelineName);
    return;
  }
  if (std::holds_alternative<RecoverAfterRestart>(command)) {
    for (const auto& [name, p] : state_.pipelines) touch_pipeline(name);
    return;
  }
  // Started, or moved by the decision: everything running in the pipeline afterwards. The
  // pipeline is the one noted before deciding: a timer that fired is gone from the state now.
  const std::string& pipeline = current_;
  if (pipeline.empty() || state_.pipelines.count(pipeline) == 0) return;
  std::erase(forgotten_, pipeline);  // deleted and created again within one batch
  touch_pipeline(pipeline);
  touch_execution(pipeline, decision.pipelineExecutionId);
  // A repeated start with a known token is answered from the stored token: nothing to write.
  if (const auto* start = std::get_if<StartExecution>(&command); start != nullptr && newToken_) {
    tokens_.push_back({pipeline, start->clientRequestToken, decision.pipelineExecutionId});
  }
}

ExecutionChanges ChangeTracker::changes(std::map<std::string, Timestamp>& committedTimers) const {
  ExecutionChanges out;
  out.forgottenPipelines = forgotten_;
  out.clientRequestTokens = tokens_;
  out.ids = state_.ids;
  for (const auto& [id, pipeline] : executions_) {
    auto pit = state_.pipelines.find(pipeline);
    if (pit == state_.pipelines.end()) continue;
    auto eit = pit->second.executions.find(id);
    if (eit != pit->second.executions.end()) out.executions.push_back(&eit->second);
  }
  // Executions of one pipeline in start order: storage writes them in the order they happened.
  std::sort(out.executions.begin(), out.executions.end(),
            [](const PipelineExecution* a, const PipelineExecution* b) {
              return a->pipelineName != b->pipelineName ? a->pipelineName < b->pipelineName
                                                        : a->sequence < b->sequence;
            });
  for (const std::string& name : pipelines_) {
    auto pit = state_.pipelines.find(name);
    if (pit == state_.pipelines.end()) continue;
    PipelineStageStates stages{name, {}};
    stages.stages.reserve(pit->second.stages.size());
    for (const auto& [stage_name, st] : pit->second.stages) stages.stages.push_back(st);
    out.stageStates.push_back(std::move(stages));
  }
  // Timers: a plain comparison with what storage holds; there are few at any time.
  for (const auto& [id, timer] : state_.timers) {
    auto it = committedTimers.find(id);
    if (it == committedTimers.end() || it->second != timer.fireAt) {
      out.timersSet.push_back(&timer);
      committedTimers[id] = timer.fireAt;
    }
  }
  for (auto it = committedTimers.begin(); it != committedTimers.end();) {
    if (state_.timers.count(it->first)) {
      ++it;
      continue;
    }
    out.timersCleared.push_back(it->first);
    it = committedTimers.erase(it);
  }
  return out;
}

}  // namespace lockstep::engine

// Which parts of the engine's state a batch of decisions touched, so that one transaction writes
// exactly those: the executions that can have changed, the touched pipelines' stage states,
// timers armed or cleared, new idempotency tokens, and the id source.
#pragma once

#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/commands.hpp"
#include "engine/decide.hpp"
#include "engine/engine_state.hpp"
#include "engine/execution_store.hpp"

namespace lockstep::engine {

class ChangeTracker {
 public:
  explicit ChangeTracker(const EngineState& state) : state_(state) {}

  // Before deciding `command`: every execution it could change is one that is running now, or
  // one it names; a finished execution changes only when named (retry, rollback target).
  void before(const Command& command);
  // After `command`, the one passed to before(), was accepted: executions it started or moved,
  // pipelines it created or deleted.
  void after(const Command& command, const Decision& decision);

  // The touched pipelines still present, for retention after the commit.
  const std::set<std::string>& pipelines() const { return pipelines_; }

  // The changes to write. `committedTimers` is what storage holds and is brought up to date.
  ExecutionChanges changes(std::map<std::string, Timestamp>& committedTimers) const;

 private:
  void touch_pipeline(const std::string& name);
  void touch_execution(const std::string& pipeline, const std::string& id);

  const EngineState& state_;
  std::string current_;    // the pipeline of the command between before() and after()
  bool newToken_ = false;  // the StartExecution between them brings a new clientRequestToken
  std::set<std::string> pipelines_;
  std::vector<std::string> forgotten_;
  std::unordered_map<std::string, std::string> executions_;  // execution id -> pipeline name
  std::vector<ClientRequestToken> tokens_;
};

}  // namespace lockstep::engine

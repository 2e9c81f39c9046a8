// What the orchestrator needs from durable storage for executions: one transaction per batch of
// decisions, and everything needed to rebuild the engine's state after a restart.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "engine/effects.hpp"
#include "engine/engine_state.hpp"
#include "engine/id_source.hpp"
#include "engine/pipeline_execution.hpp"

namespace lockstep::engine {

// An effect kept in the outbox until acknowledged: StartAction until its attempt ends,
// CancelAction until it has been handed to the executor once.
using OutboxEffect = std::variant<StartAction, CancelAction>;

struct OutboxEntry {
  std::int64_t seq = 0;  // assigned by the store, increasing, never reused
  OutboxEffect effect;
};

// StartPipelineExecution's clientRequestToken, remembered so a retried request is idempotent.
struct ClientRequestToken {
  std::string pipelineName;
  std::string token;
  std::string pipelineExecutionId;
};

// The stage states (locks, inbound executions, transitions) of one pipeline, stored whole.
struct PipelineStageStates {
  std::string pipelineName;
  std::vector<StageState> stages;
};

// Everything one batch changed. Pointers refer into the engine's state and are read during
// commit() only.
struct ExecutionChanges {
  std::vector<const PipelineExecution*> executions;     // inserted or replaced whole
  std::vector<PipelineStageStates> stageStates;         // replace that pipeline's stage rows
  std::vector<std::string> forgottenPipelines;          // deleted: their executions go too
  std::vector<const PendingTimer*> timersSet;           // inserted or replaced
  std::vector<std::string> timersCleared;               // by timer id
  std::vector<OutboxEffect> outboxAdded;                // in effect order
  std::vector<std::int64_t> outboxAcknowledged;         // by seq
  std::vector<ClientRequestToken> clientRequestTokens;  // added
  IdSource ids;                                         // the id source after the batch
};

// What a restart starts from.
struct StoredExecutionState {
  std::optional<IdSource> ids;  // empty on a new database: the orchestrator seeds one
  // Per pipeline, ordered by sequence: every execution still InProgress or Stopping, every one a
  // stage state names, and the most recent finished ones (up to the store's retention).
  std::vector<PipelineExecution> executions;
  std::vector<PipelineStageStates> stageStates;
  std::vector<PendingTimer> timers;
  std::vector<OutboxEntry> outbox;  // unacknowledged, by seq
  std::vector<ClientRequestToken> clientRequestTokens;
};

class ExecutionStore {
 public:
  virtual ~ExecutionStore() = default;

  // Writes every change in one transaction; returns the seq given to each outboxAdded entry, in
  // order. Durable when it returns; throws and writes nothing when it fails.
  virtual std::vector<std::int64_t> commit(const ExecutionChanges& changes) = 0;

  // Reads back what the last commits left, for the orchestrator's start.
  virtual StoredExecutionState load(std::size_t finishedPerPipeline) const = 0;
};

}  // namespace lockstep::engine

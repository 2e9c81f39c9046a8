// The orchestrator: the one writer of execution state. Commands queue here; each batch is decided,
// committed in one transaction (group commit), and only then are callers answered and effects
// dispatched to executors, notifiers and timers.
#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/clock.hpp"
#include "engine/decide.hpp"
#include "engine/execution_store.hpp"
#include "engine/executor.hpp"
#include "engine/notifier.hpp"
#include "engine/serial_context.hpp"
#include "engine/store.hpp"

namespace lockstep::engine {

struct OrchestratorOptions {
  EngineSettings settings;
  IdSource idSeed;                           // used on a new database only; the daemon draws it
  std::size_t maxBatch = 1024;               // commands decided per transaction at most
  std::size_t finishedExecutionsKept = 100;  // per pipeline, in memory; storage keeps all
  // Where a batch's transaction runs when more commands are already waiting: a thread of its own
  // in the daemon, so that the next batch is decided while this one is written and synced. Empty:
  // every batch commits on the serial context before the next is decided.
  std::function<void(std::function<void()>)> commitOn;
};

// Runs on the serial context once the command's batch has committed (or was refused).
using DecisionHandler = std::function<void(const Decision&)>;

struct OrchestratorStats {
  std::uint64_t batches = 0;
  std::uint64_t commands = 0;
  std::uint64_t commitMicroseconds = 0;  // summed over every batch
  std::size_t queueDepth = 0;
};

class Orchestrator {
 public:
  Orchestrator(SerialContext& serial, const Store& pipelines, ExecutionStore& store,
               Executor& executor, Notifier& notifier, const Clock& clock,
               OrchestratorOptions options = {},
               const RuleEvaluators& rules = RuleEvaluators::builtin());
  ~Orchestrator();
  Orchestrator(const Orchestrator&) = delete;
  Orchestrator& operator=(const Orchestrator&) = delete;

  // Reloads state from storage and recovers from whatever stopped the last process: attempts
  // whose work died with it fail as "interrupted by server restart", resumable ones are handed
  // to their executor again, timers are re-armed. Commands submitted earlier wait until then.
  // `ready` runs on the serial context once recovery has committed.
  void start(std::function<void()> ready = {});

  // Queues a command; callable from any thread. `done` learns the decision once it is durable.
  void submit(Command command, DecisionHandler done = {});

  // Runs `reader` on the serial context with the current state (tests, diagnostics). With
  // `commitOn` set, that state may include one batch decided but not yet durable.
  void inspect(std::function<void(const EngineState&)> reader);

  // True after a commit failed: state in memory may be ahead of storage, so every later command
  // is refused with InternalFailure until the daemon restarts and recovers from storage.
  bool failed() const { return failed_.load(); }

  OrchestratorStats stats() const;

 private:
  struct Pending {
    Command command;
    DecisionHandler done;
  };
  struct Batch;  // decided commands on their way to, and through, their commit
  enum class CommitMode { Inline, WhenReady };
  void drain();
  void run_batch(std::vector<Pending>& pending, CommitMode mode = CommitMode::WhenReady);
  void start_commit(std::unique_ptr<Batch> batch, CommitMode mode);
  void finish(Batch& batch);
  void refuse(std::vector<Pending>& pending, const std::string& message);
  void recover();
  void dispatch(const std::vector<Effect>& effects);
  void arm(const ArmTimer& timer);

  SerialContext& serial_;
  const Store& pipelines_;
  ExecutionStore& store_;
  Executor& executor_;
  Notifier& notifier_;
  const Clock& clock_;
  OrchestratorOptions options_;
  const RuleEvaluators& rules_;

  // Touched only on the serial context.
  EngineState state_;
  std::unordered_map<std::string, std::int64_t> startSeqs_;  // attempt id -> its StartAction
  std::vector<std::int64_t> acksForNextBatch_;
  std::map<std::string, Timestamp> committedTimers_;  // timer id -> fireAt, as stored
  bool committing_ = false;                           // a batch's commit runs on commitOn
  std::unique_ptr<Batch> waiting_;  // decided meanwhile; its commit starts when that one ends

  mutable std::mutex mutex_;  // guards the queue and the flags below
  std::deque<Pending> queue_;
  bool started_ = false;
  bool drainPosted_ = false;

  std::atomic<bool> failed_{false};
  std::atomic<std::uint64_t> batches_{0};
  std::atomic<std::uint64_t> commands_{0};
  std::atomic<std::uint64_t> commitMicroseconds_{0};
};

}  // namespace lockstep::engine

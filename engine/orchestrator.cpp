// The orchestrator loop: decide a batch, commit it, then answer callers and dispatch effects.
// Nothing leaves the process before the transaction that decided it has committed, so a crash at
// any point leaves storage with a state some sequence of commits produced. With commitOn, the
// next batch is decided while one commits; batches still commit, answer and dispatch in order.
#include "engine/orchestrator.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <optional>
#include <unordered_set>
#include <utility>

#include "engine/api_errors.hpp"
#include "engine/change_tracker.hpp"
#include "engine/execution_flow.hpp"
#include "engine/execution_retention.hpp"
#include "engine/state_restore.hpp"

namespace lockstep::engine {
namespace {

ActionExecution* running_attempt(EngineState& state, const ActionExecutionRef& ref) {
  ActionExecution* a = find_action_execution(state, ref, nullptr, nullptr);
  return a != nullptr && a->status == ActionExecutionStatus::InProgress ? a : nullptr;
}

// Queues at least this long are split when commits run on commitOn; shorter ones are decided
// faster than a commit's fixed cost, so splitting them gains nothing.
constexpr std::size_t kSplitAt = 64;

ActionExecutionRef ref_of(const StartAction& start) {
  return {start.pipelineName, start.pipelineExecutionId, start.actionExecutionId};
}

}  // namespace

Orchestrator::Orchestrator(SerialContext& serial, const Store& pipelines, ExecutionStore& store,
                           Executor& executor, Notifier& notifier, const Clock& clock,
                           OrchestratorOptions options, const RuleEvaluators& rules)
    : serial_(serial),
      pipelines_(pipelines),
      store_(store),
      executor_(executor),
      notifier_(notifier),
      clock_(clock),
      options_(options),
      rules_(rules) {}

void Orchestrator::start(std::function<void()> ready) {
  serial_.post([this, ready = std::move(ready)] {
    try {
      recover();
    } catch (const std::exception& error) {
      // Unreadable state is not guessed at: every command is refused until an operator acts.
      failed_ = true;
      spdlog::critical("cannot recover execution state: {}", error.what());
    }
    {
      std::lock_guard lock(mutex_);
      started_ = true;
      if (!queue_.empty() && !drainPosted_) {
        drainPosted_ = true;
        serial_.post([this] { drain(); });
      }
    }
    if (ready) ready();
  });
}

void Orchestrator::submit(Command command, DecisionHandler done) {
  std::lock_guard lock(mutex_);
  queue_.push_back({std::move(command), std::move(done)});
  if (started_ && !drainPosted_) {
    drainPosted_ = true;
    serial_.post([this] { drain(); });
  }
}

void Orchestrator::inspect(std::function<void(const EngineState&)> reader) {
  serial_.post([this, reader = std::move(reader)] { reader(state_); });
}

OrchestratorStats Orchestrator::stats() const {
  OrchestratorStats s;
  s.batches = batches_.load();
  s.commands = commands_.load();
  s.commitMicroseconds = commitMicroseconds_.load();
  std::lock_guard lock(mutex_);
  s.queueDepth = queue_.size();
  return s;
}

// A batch from its decisions to its answers. With the commit on commitOn, the changes it writes
// are copies, because the serial context goes on deciding the next batch meanwhile.
struct Orchestrator::Batch {
  explicit Batch(const EngineState& state) : tracker(state) {}

  std::vector<Pending> pending;
  std::vector<Decision> decisions;
  std::vector<Effect> effects;
  std::vector<OutboxEffect> outbox;
  ChangeTracker tracker;

  std::vector<PipelineExecution> executionCopies;
  std::vector<PendingTimer> timerCopies;
  ExecutionChanges changes;
  std::vector<std::int64_t> seqs;
  std::optional<std::string> error;  // the commit failed
};

Orchestrator::~Orchestrator() = default;

void Orchestrator::drain() {
  if (waiting_) return;  // finish() posts the next drain once the waiting batch commits
  std::vector<Pending> batch;
  {
    std::lock_guard lock(mutex_);
    std::size_t n = std::min(queue_.size(), options_.maxBatch);
    // With nothing committing, a long queue is split in two: the second half is decided while
    // the first commits, instead of everything waiting for one commit and then for the next.
    if (options_.commitOn && !committing_ && n >= kSplitAt) n = (n + 1) / 2;
    batch.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
      batch.push_back(std::move(queue_.front()));
      queue_.pop_front();
    }
  }
  run_batch(batch);
  // Whatever arrived meanwhile is the next batch: the queue fills while a commit waits on disk,
  // which is what makes commits grouped under load. A batch waiting for the commit in flight
  // keeps drainPosted_ set: finish() posts the drain after it.
  std::lock_guard lock(mutex_);
  if (waiting_) return;
  if (queue_.empty()) {
    drainPosted_ = false;
  } else {
    serial_.post([this] { drain(); });
  }
}

void Orchestrator::refuse(std::vector<Pending>& pending, const std::string& message) {
  for (Pending& p : pending) {
    Decision refused;
    refused.rejection = Rejection{api_error::kInternalFailure, message};
    if (p.done) p.done(refused);
  }
}

void Orchestrator::run_batch(std::vector<Pending>& pending, CommitMode mode) {
  if (pending.empty()) return;
  if (failed_) {
    refuse(pending,
           "Execution state could not be stored earlier; the server must be restarted to recover "
           "it");
    return;
  }

  auto batch = std::make_unique<Batch>(state_);
  batch->pending = std::move(pending);
  batch->decisions.reserve(batch->pending.size());
  const Timestamp now = clock_.now();
  for (Pending& p : batch->pending) {
    batch->tracker.before(p.command);
    Decision d = decide(state_, p.command, now, rules_);
    if (d.accepted()) {
      batch->tracker.after(p.command, d);
      for (const Effect& effect : d.effects) {
        if (const auto* start = std::get_if<StartAction>(&effect)) {
          batch->outbox.push_back(*start);
        }
        if (const auto* cancel = std::get_if<CancelAction>(&effect)) {
          batch->outbox.push_back(*cancel);
        }
      }
      batch->effects.insert(batch->effects.end(), std::make_move_iterator(d.effects.begin()),
                            std::make_move_iterator(d.effects.end()));
      d.effects.clear();
    }
    batch->decisions.push_back(std::move(d));
  }
  if (committing_) {
    waiting_ = std::move(batch);  // drain() decides nothing more until it has committed
    return;
  }
  start_commit(std::move(batch), mode);
}

void Orchestrator::start_commit(std::unique_ptr<Batch> batch, CommitMode mode) {
  // Built only now, after the previous batch's finish(): the acknowledgements need its seqs.
  ExecutionChanges& changes = batch->changes;
  changes = batch->tracker.changes(committedTimers_);
  changes.outboxAdded = std::move(batch->outbox);
  changes.outboxAcknowledged = std::move(acksForNextBatch_);
  acksForNextBatch_.clear();
  // An attempt that ended in this batch no longer needs its StartAction kept.
  for (const PipelineExecution* e : changes.executions) {
    for (const ActionExecution& a : e->actionExecutions) {
      if (a.status == ActionExecutionStatus::InProgress) continue;
      auto it = startSeqs_.find(a.actionExecutionId);
      if (it == startSeqs_.end()) continue;
      changes.outboxAcknowledged.push_back(it->second);
      startSeqs_.erase(it);
    }
  }

  const auto commit = [this](Batch& b) {
    const auto started = std::chrono::steady_clock::now();
    try {
      b.seqs = store_.commit(b.changes);
    } catch (const std::exception& error) {
      b.error = error.what();
    }
    commitMicroseconds_ +=
        static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::microseconds>(
                                       std::chrono::steady_clock::now() - started)
                                       .count());
  };
  bool more_waiting = false;
  if (options_.commitOn && mode == CommitMode::WhenReady) {
    std::lock_guard lock(mutex_);
    more_waiting = !queue_.empty();
  }
  if (!more_waiting) {
    commit(*batch);
    finish(*batch);
    return;
  }

  // The serial context changes the state while the commit runs: it writes copies.
  batch->executionCopies.reserve(changes.executions.size());
  for (const PipelineExecution*& e : changes.executions) {
    e = &batch->executionCopies.emplace_back(*e);
  }
  batch->timerCopies.reserve(changes.timersSet.size());
  for (const PendingTimer*& t : changes.timersSet) t = &batch->timerCopies.emplace_back(*t);
  committing_ = true;
  std::shared_ptr<Batch> job(std::move(batch));
  // The batch goes back to the serial context whole, so that it is also freed there and not on
  // the commit thread, which is the busier one under load.
  options_.commitOn([this, job, commit]() mutable {
    commit(*job);
    serial_.post([this, job = std::move(job)] { finish(*job); });
  });
}

void Orchestrator::finish(Batch& batch) {
  committing_ = false;
  if (batch.error) {
    // Memory is now ahead of storage. Refusing everything until a restart reloads storage keeps
    // the promise that an answer means durable; the alternative is answering from a state that
    // a crash would silently undo.
    failed_ = true;
    spdlog::critical("cannot store execution state, refusing further commands: {}", *batch.error);
    const std::string message = "Execution state could not be stored: " + *batch.error;
    refuse(batch.pending, message);
    if (waiting_) {
      refuse(waiting_->pending, message);
      waiting_.reset();
      serial_.post([this] { drain(); });  // refuses what queued up meanwhile
    }
    return;
  }
  ++batches_;
  commands_ += batch.pending.size();

  const ExecutionChanges& changes = batch.changes;
  for (std::size_t i = 0; i < batch.seqs.size() && i < changes.outboxAdded.size(); ++i) {
    if (const auto* start = std::get_if<StartAction>(&changes.outboxAdded[i])) {
      if (running_attempt(state_, ref_of(*start)) != nullptr) {
        startSeqs_[start->actionExecutionId] = batch.seqs[i];
      } else {
        acksForNextBatch_.push_back(batch.seqs[i]);  // it has ended since: with the next batch
      }
    } else {
      acksForNextBatch_.push_back(batch.seqs[i]);  // a cancel is done once handed over, below
    }
  }
  for (const std::string& pipeline : batch.tracker.pipelines()) {
    // A pipeline the waiting batch touched keeps its executions until that batch is durable
    // too; its own finish() forgets them.
    if (waiting_ && waiting_->tracker.pipelines().count(pipeline)) continue;
    forget_finished_executions(state_, pipeline, options_.finishedExecutionsKept);
  }

  dispatch(batch.effects);
  for (std::size_t i = 0; i < batch.pending.size(); ++i) {
    if (batch.pending[i].done) batch.pending[i].done(batch.decisions[i]);
  }

  if (waiting_) {
    std::unique_ptr<Batch> next = std::move(waiting_);
    start_commit(std::move(next), CommitMode::WhenReady);
    std::lock_guard lock(mutex_);
    if (queue_.empty()) {
      drainPosted_ = false;
    } else {
      serial_.post([this] { drain(); });
    }
  }
}

void Orchestrator::dispatch(const std::vector<Effect>& effects) {
  for (const Effect& effect : effects) {
    std::visit(
        [this](const auto& e) {
          using T = std::decay_t<decltype(e)>;
          if constexpr (std::is_same_v<T, StartAction>) {
            executor_.start(e, [this](ActionCompleted done) { submit(std::move(done)); });
          } else if constexpr (std::is_same_v<T, CancelAction>) {
            executor_.cancel(e);
          } else if constexpr (std::is_same_v<T, Notify>) {
            notifier_.notify(e);
          } else {
            arm(e);
          }
        },
        effect);
  }
}

void Orchestrator::arm(const ArmTimer& timer) {
  serial_.post_at(timer.fireAt, [this, id = timer.timerId] { submit(TimerFired{id}); });
}

void Orchestrator::recover() {
  StoredExecutionState stored = store_.load(options_.finishedExecutionsKept);
  std::vector<OutboxEntry> outbox = std::move(stored.outbox);

  std::vector<PipelineDeclaration> current;
  for (const PipelineSummary& summary : pipelines_.list_pipelines()) {
    if (auto p = pipelines_.get_pipeline(summary.name))
      current.push_back(std::move(p->declaration));
  }
  DeclarationLookup version_of = [this](const std::string& name, int version) {
    std::optional<PipelineDeclaration> found;
    if (auto p = pipelines_.get_pipeline(name, version)) found = std::move(p->declaration);
    return found;
  };
  state_ = restore_engine_state(std::move(stored), current, version_of, options_.settings,
                                options_.idSeed);
  committedTimers_.clear();
  for (const auto& [id, timer] : state_.timers) committedTimers_[id] = timer.fireAt;

  // Each unacknowledged StartAction is an attempt whose end was never recorded: its executor
  // picks it up again, or it died with the old process.
  RecoverAfterRestart recovery;
  std::vector<StartAction> resumed;
  std::vector<CancelAction> cancels;
  std::unordered_set<std::string> covered;  // attempt ids with a StartAction in the outbox
  for (OutboxEntry& entry : outbox) {
    if (auto* cancel = std::get_if<CancelAction>(&entry.effect)) {
      cancels.push_back(std::move(*cancel));
      acksForNextBatch_.push_back(entry.seq);
      continue;
    }
    StartAction& start = std::get<StartAction>(entry.effect);
    covered.insert(start.actionExecutionId);
    if (running_attempt(state_, ref_of(start)) == nullptr) {
      acksForNextBatch_.push_back(entry.seq);
    } else if (executor_.resumes(start)) {
      startSeqs_[start.actionExecutionId] = entry.seq;
      resumed.push_back(std::move(start));
    } else {
      startSeqs_[start.actionExecutionId] = entry.seq;  // acknowledged once it has failed
      recovery.interruptedActions.push_back(ref_of(start));
    }
  }
  // An attempt running in storage without any StartAction behind it cannot be resumed either.
  for (const auto& [name, p] : state_.pipelines) {
    for (const auto& [id, e] : p.executions) {
      for (const ActionExecution& a : e.actionExecutions) {
        if (a.status != ActionExecutionStatus::InProgress || covered.count(a.actionExecutionId)) {
          continue;
        }
        recovery.interruptedActions.push_back({name, id, a.actionExecutionId});
      }
    }
  }
  if (!recovery.interruptedActions.empty() || !state_.timers.empty() || !outbox.empty()) {
    spdlog::info("recovering: {} interrupted action(s), {} resumed, {} timer(s) re-armed",
                 recovery.interruptedActions.size(), resumed.size(), state_.timers.size());
  }

  std::vector<Pending> batch;
  batch.push_back({std::move(recovery), {}});
  // A version stored while the daemon was down (the pipelines folder, or a crash between storing
  // it and deciding on it) reaches the engine as the update it is, so §5.4 cancels still apply.
  for (auto& [name, p] : state_.pipelines) {
    int newest = 0;
    for (const auto& [id, e] : p.executions) newest = std::max(newest, e.pipelineVersion);
    if (newest == 0 || newest >= p.declaration.version || !p.versions.count(newest)) continue;
    PipelineDeclaration latest = p.declaration;
    p.declaration = p.versions.at(newest);
    batch.push_back({PipelineUpdated{std::move(latest)}, {}});
  }
  run_batch(batch, CommitMode::Inline);
  if (failed_) return;
  for (const CancelAction& cancel : cancels) executor_.cancel(cancel);
  for (const StartAction& start : resumed) {
    executor_.start(start, [this](ActionCompleted done) { submit(std::move(done)); });
  }
}

}  // namespace lockstep::engine

// Two measurements through the whole orchestrator (decide, one SQLite transaction per batch, then
// dispatch), on an Asio strand as in the daemon:
// - throughput: executors that finish at once, many executions in flight, as fast as it goes;
// - latency: completions paced at 1,000/s, time from a completion's arrival to the dispatch of
//   the same execution's next action.
#include "bench/engine/durable.hpp"

#include <stdlib.h>  // mkdtemp

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <future>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "bench/engine/bench_pipeline.hpp"
#include "engine/orchestrator.hpp"
#include "server/strand_context.hpp"
#include "storage/sqlite_store.hpp"

namespace lockstep::bench {
namespace {

using Clock = std::chrono::steady_clock;

std::filesystem::path scratch_dir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "lockstep-bench-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  return pattern;
}

StartExecution start_of(const std::string& pipeline) {
  StartExecution s;
  s.pipelineName = pipeline;
  s.trigger = {"StartPipelineExecution", "bench"};
  return s;
}

// Calls back once every wanted execution has finished; starts a replacement for each one that
// finishes while more are wanted.
class Refill final : public Notifier {
 public:
  Refill(int total) : remaining_to_start_(total), remaining_to_finish_(total) {}
  Orchestrator* orchestrator = nullptr;

  void notify(const Notify& e) override {
    if (e.subject != EventSubject::PipelineExecution || e.state == "STARTED") return;
    if (e.state != "SUCCEEDED") ++unexpected;
    if (remaining_to_start_ > 0) {
      --remaining_to_start_;
      orchestrator->submit(start_of(e.pipelineName));
    }
    if (--remaining_to_finish_ == 0) {
      std::lock_guard lock(mutex_);
      done_ = true;
      cv_.notify_all();
    }
  }
  // Starts `per_pipeline` executions in each pipeline now, counted against the total.
  void begin(const std::vector<std::string>& pipelines, int per_pipeline) {
    for (const std::string& p : pipelines) {
      for (int i = 0; i < per_pipeline; ++i) {
        --remaining_to_start_;
        orchestrator->submit(start_of(p));
      }
    }
  }
  void wait() {
    std::unique_lock lock(mutex_);
    cv_.wait(lock, [&] { return done_; });
  }
  std::atomic<int> unexpected{0};

 private:
  int remaining_to_start_;  // touched on the strand only, after begin()
  int remaining_to_finish_;
  std::mutex mutex_;
  std::condition_variable cv_;
  bool done_ = false;
};

class InstantExecutor final : public Executor {
 public:
  void start(const StartAction& action, CompletionHandler done) override {
    done(succeeded(action));
  }
  void cancel(const CancelAction&) override {}
  bool resumes(const StartAction&) const override { return false; }
};

// Holds every dispatched action until the pacer completes it; measures completion -> dispatch.
class PacedExecutor final : public Executor {
 public:
  void start(const StartAction& action, CompletionHandler done) override {
    const auto now = Clock::now();
    std::lock_guard lock(mutex_);
    auto it = completed_at_.find(action.pipelineExecutionId);
    if (it != completed_at_.end()) {
      latencies_us_.push_back(std::chrono::duration<double, std::micro>(now - it->second).count());
      completed_at_.erase(it);
    }
    pending_.push_back({action, std::move(done)});
  }
  void cancel(const CancelAction&) override {}
  bool resumes(const StartAction&) const override { return false; }

  // Completes the oldest held action; false when none is held.
  bool complete_one() {
    Held h;
    {
      std::lock_guard lock(mutex_);
      if (pending_.empty()) return false;
      h = std::move(pending_.front());
      pending_.pop_front();
      if (h.action.action.name != "d1") completed_at_[h.action.pipelineExecutionId] = Clock::now();
    }
    h.done(succeeded(h.action));
    return true;
  }
  std::vector<double> latencies() const {
    std::lock_guard lock(mutex_);
    return latencies_us_;
  }

 private:
  struct Held {
    StartAction action;
    CompletionHandler done;
  };
  mutable std::mutex mutex_;
  std::deque<Held> pending_;
  std::vector<double> latencies_us_;
  std::map<std::string, Clock::time_point> completed_at_;
};

struct Rig {
  explicit Rig(const std::filesystem::path& db, Executor& executor, Notifier& notifier)
      : store(storage::SqliteStore::open(db)), strand(io, clock) {
    OrchestratorOptions options;
    options.idSeed = {7, 0};
    options.commitOn = [this](std::function<void()> job) {
      boost::asio::post(commits, std::move(job));
    };
    orchestrator =
        std::make_unique<Orchestrator>(strand, *store, *store, executor, notifier, clock, options);
    thread = std::thread([this] { io.run(); });
    std::promise<void> ready;
    orchestrator->start([&] { ready.set_value(); });
    ready.get_future().wait();
  }
  void add_pipeline(const PipelineDeclaration& d) {
    store->put_pipeline(d, clock.now());
    std::promise<void> stored;
    orchestrator->submit(PipelineUpdated{store->get_pipeline(d.name)->declaration},
                         [&](const Decision&) { stored.set_value(); });
    stored.get_future().wait();
  }
  ~Rig() {
    strand.shutdown();
    work.reset();
    thread.join();
    commits.join();
  }

  SystemClock clock;
  boost::asio::io_context io;
  boost::asio::thread_pool commits{1};  // as in the daemon: transactions on a thread of their own
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work{io.get_executor()};
  std::unique_ptr<storage::SqliteStore> store;
  server::StrandContext strand;
  std::unique_ptr<Orchestrator> orchestrator;
  std::thread thread;
};

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(static_cast<double>(v.size()) * p))];
}

void throughput(const std::filesystem::path& dir) {
  constexpr int kPipelines = 20;
  constexpr int kInFlightPerPipeline = 40;
  constexpr int kExecutions = 10000;
  InstantExecutor executor;
  Refill refill(kExecutions);
  Rig rig(dir / "throughput.db", executor, refill);
  refill.orchestrator = rig.orchestrator.get();
  std::vector<std::string> names;
  for (int i = 0; i < kPipelines; ++i) {
    names.push_back("P" + std::to_string(i));
    rig.add_pipeline(five_stage_pipeline(ExecutionMode::Parallel, names.back()));
  }
  const OrchestratorStats before = rig.orchestrator->stats();
  const auto started = Clock::now();
  refill.begin(names, kInFlightPerPipeline);
  refill.wait();
  const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
  const OrchestratorStats after = rig.orchestrator->stats();
  const auto commands = after.commands - before.commands;
  const auto batches = after.batches - before.batches;
  const double per_second = static_cast<double>(commands) / seconds;
  std::printf("%-34s %10llu %9llu %10.1f %12.0f %14.2f %11s\n", "throughput, 800 in flight",
              static_cast<unsigned long long>(commands), static_cast<unsigned long long>(batches),
              static_cast<double>(commands) / static_cast<double>(batches), per_second,
              static_cast<double>(after.commitMicroseconds - before.commitMicroseconds) / 1000.0 /
                  static_cast<double>(batches),
              per_second >= 20000 ? ">=20k ok" : ">=20k NO");
  if (refill.unexpected > 0) std::fprintf(stderr, "engine bench: executions did not succeed\n");
}

void latency(const std::filesystem::path& dir) {
  constexpr int kInFlight = 20;
  constexpr auto kRun = std::chrono::seconds(5);
  constexpr auto kPace = std::chrono::microseconds(1000);  // 1,000 completions per second
  PacedExecutor executor;
  Refill refill(1'000'000);  // keeps refilling; the pacer decides when to stop
  Rig rig(dir / "latency.db", executor, refill);
  refill.orchestrator = rig.orchestrator.get();
  rig.add_pipeline(five_stage_pipeline(ExecutionMode::Parallel, "L"));
  refill.begin({"L"}, kInFlight);
  const auto begin = Clock::now();
  auto next = begin;
  long long completions = 0;
  while (Clock::now() - begin < kRun) {
    next += kPace;
    std::this_thread::sleep_until(next);  // the pacer's schedule, not a synchronisation
    if (executor.complete_one()) ++completions;
  }
  // Let the last dispatches land before reading the samples.
  std::promise<void> drained;
  rig.orchestrator->inspect([&](const EngineState&) { drained.set_value(); });
  drained.get_future().wait();
  const double seconds = std::chrono::duration<double>(Clock::now() - begin).count();
  const std::vector<double> samples = executor.latencies();
  std::printf(
      "%-34s %10lld %9s %10s %12.0f %7.0f / %-6.0f %11s\n", "completion -> next dispatch (us)",
      completions, "", "", static_cast<double>(completions) / seconds, percentile(samples, 0.50),
      percentile(samples, 0.99), percentile(samples, 0.99) < 1000 ? "p99<1ms ok" : "p99<1ms NO");
}

}  // namespace

void run_durable_benchmarks() {
  const std::filesystem::path dir = scratch_dir();
  std::printf("engine: through the orchestrator, SQLite group commit (WAL, synchronous=FULL)\n");
  std::printf("%-34s %10s %9s %10s %12s %14s %11s\n", "case", "commands", "batches", "per batch",
              "commands/s", "commit ms/batch", "target");
  try {
    throughput(dir);
    latency(dir);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "engine bench: %s\n", error.what());
  }
  std::error_code ignored;
  std::filesystem::remove_all(dir, ignored);
}

}  // namespace lockstep::bench

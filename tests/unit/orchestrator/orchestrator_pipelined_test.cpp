// Commits on a thread of their own (OrchestratorOptions::commitOn): the next batch is decided while
// one commits, and still nothing reaches a caller or an executor before its own batch is durable.
// The commit "thread" here is a queue the test runs by hand, so every step can be looked at.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>

#include "tests/support/temp_dir.hpp"
#include "tests/unit/orchestrator/orchestrator_world.hpp"

namespace lockstep::testing {
namespace {

using engine::testing::fixture_f;

struct CommitQueue {
  std::deque<std::function<void()>> jobs;
  // Runs the oldest commit; its finish is then queued on the serial context.
  void run_one() {
    REQUIRE_FALSE(jobs.empty());
    auto job = std::move(jobs.front());
    jobs.pop_front();
    job();
  }
};

engine::OrchestratorOptions pipelined(CommitQueue& commits) {
  engine::OrchestratorOptions options = test_options();
  options.commitOn = [&commits](std::function<void()> job) {
    commits.jobs.push_back(std::move(job));
  };
  return options;
}

std::size_t stored_executions(const std::filesystem::path& database) {
  return storage::SqliteStore::open(database)->load(100).executions.size();
}

// 64 starts fill a queue that a pipelined drain splits in two, and stay below the 50-execution cap
// of each of the two pipelines they go to.
constexpr int kStarts = 64;

engine::PipelineDeclaration parallel_pipeline(const std::string& name) {
  engine::PipelineDeclaration d = fixture_f(engine::ExecutionMode::Parallel);
  d.name = name;
  return d;
}

engine::StartExecution start_of(int i) {
  engine::StartExecution start;
  start.pipelineName = i % 2 == 0 ? "P" : "Q";
  start.trigger = {"StartPipelineExecution", "test"};
  return start;
}

TEST_CASE("a batch is decided while the one before it commits and each is answered after its own") {
  TempDir dir;
  engine::ManualClock clock(1'700'000'000'000);
  CommitQueue commits;
  World world(dir / "lockstep.db", clock, pipelined(commits));
  world.boot();
  world.put_pipeline(parallel_pipeline("P"));
  world.put_pipeline(parallel_pipeline("Q"));
  REQUIRE(commits.jobs.empty());  // a lone command commits at once, as without commitOn

  int answered = 0;
  for (int i = 0; i < kStarts; ++i) {
    world.orchestrator->submit(start_of(i), [&](const Decision& d) {
      CHECK(d.accepted());
      ++answered;
    });
  }
  world.serial.run();
  // Half the queue went into the first batch, whose commit waits on the commit queue; the other
  // half is decided behind it. Nothing has been answered, dispatched or written yet.
  CHECK(commits.jobs.size() == 1);
  const engine::EngineState decided = world.state();
  CHECK(decided.pipelines.at("P").executions.size() + decided.pipelines.at("Q").executions.size() ==
        kStarts);
  CHECK(answered == 0);
  CHECK(world.executor.started().empty());
  CHECK(stored_executions(dir / "lockstep.db") == 0);

  commits.run_one();
  CHECK(stored_executions(dir / "lockstep.db") == kStarts / 2);  // durable before anyone hears
  CHECK(answered == 0);
  world.serial.run();
  // The first batch is answered and dispatched; the second then committed in turn (nothing was
  // queued behind it, so on the serial context) and was answered too.
  CHECK(answered == kStarts);
  CHECK(world.executor.running() == kStarts);
  CHECK(commits.jobs.empty());
  CHECK(stored_executions(dir / "lockstep.db") == kStarts);
}

TEST_CASE("when a commit on its own thread fails the batch decided behind it is refused too") {
  TempDir dir;
  engine::ManualClock clock(1'700'000'000'000);
  auto store = storage::SqliteStore::open(dir / "lockstep.db");
  FailingStore failing(*store);
  ManualSerialContext serial(clock);
  FakeExecutor executor;
  RecordingNotifier notifier;
  CommitQueue commits;
  engine::Orchestrator orchestrator(serial, *store, failing, executor, notifier, clock,
                                    pipelined(commits));
  orchestrator.start();
  serial.run();
  for (const char* name : {"P", "Q"}) {
    store->put_pipeline(parallel_pipeline(name), clock.now());
    orchestrator.submit(engine::PipelineUpdated{store->get_pipeline(name)->declaration});
    serial.run();
  }

  std::vector<Decision> answers;
  for (int i = 0; i < kStarts; ++i) {
    orchestrator.submit(start_of(i), [&](const Decision& d) { answers.push_back(d); });
  }
  serial.run();
  REQUIRE(commits.jobs.size() == 1);
  // More arrives while the first batch commits and the second waits.
  orchestrator.submit(start_of(0), [&](const Decision& d) { answers.push_back(d); });
  failing.failing = true;
  commits.run_one();
  serial.run();

  REQUIRE(answers.size() == kStarts + 1);
  for (const Decision& d : answers) {
    REQUIRE(d.rejection);
    CHECK(d.rejection->exception == "InternalFailure");
  }
  CHECK_THAT(answers[0].rejection->message, Catch::Contains("database or disk is full"));
  CHECK(orchestrator.failed());
  CHECK(executor.started().empty());  // nothing undurable reached an executor
  CHECK(commits.jobs.empty());
  CHECK(store->load(100).executions.empty());
}

}  // namespace
}  // namespace lockstep::testing

namespace lockstep::testing {
namespace {

// A serial context on a thread of its own, as a strand is in the daemon.
class ThreadSerialContext final : public engine::SerialContext {
 public:
  ThreadSerialContext() : thread_([this] { run(); }) {}
  ~ThreadSerialContext() override {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
  }
  void post(std::function<void()> task) override {
    {
      std::lock_guard lock(mutex_);
      tasks_.push_back(std::move(task));
    }
    wake_.notify_all();
  }
  void post_at(engine::Timestamp, std::function<void()> task) override { post(std::move(task)); }

 private:
  void run() {
    std::unique_lock lock(mutex_);
    for (;;) {
      wake_.wait(lock, [&] { return stopping_ || !tasks_.empty(); });
      if (tasks_.empty()) return;
      auto task = std::move(tasks_.front());
      tasks_.pop_front();
      lock.unlock();
      task();
      lock.lock();
    }
  }
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> tasks_;
  bool stopping_ = false;
  std::thread thread_;  // last: starts once the rest exists
};

// Every action succeeds the moment it is handed over.
class InstantExecutor final : public engine::Executor {
 public:
  void start(const engine::StartAction& s, engine::CompletionHandler done) override {
    engine::ActionCompleted c;
    c.pipelineName = s.pipelineName;
    c.pipelineExecutionId = s.pipelineExecutionId;
    c.actionExecutionId = s.actionExecutionId;
    c.outcome = engine::ActionOutcome::Succeeded;
    for (const auto& out : s.action.outputArtifacts) {
      c.outputArtifacts.push_back({out.name, "artifacts/" + s.actionExecutionId, "", ""});
    }
    done(c);
  }
  void cancel(const engine::CancelAction&) override {}
  bool resumes(const engine::StartAction&) const override { return false; }
};

// Counts executions that ended, and says when `expected` have.
class EndCounter final : public engine::Notifier {
 public:
  explicit EndCounter(int expected) : expected_(expected) {}
  void notify(const engine::Notify& e) override {
    if (e.subject != engine::EventSubject::PipelineExecution || e.state == "STARTED") return;
    std::lock_guard lock(mutex_);
    if (e.state == "SUCCEEDED") ++succeeded;
    if (++ended_ == expected_) done_.notify_all();
  }
  bool wait() {
    std::unique_lock lock(mutex_);
    return done_.wait_for(lock, std::chrono::seconds(60), [&] { return ended_ == expected_; });
  }
  int succeeded = 0;

 private:
  std::mutex mutex_;
  std::condition_variable done_;
  const int expected_;
  int ended_ = 0;
};

TEST_CASE("executions run to the end with commits on their own thread and storage holds the same") {
  TempDir dir;
  const auto file = dir / "lockstep.db";
  engine::SystemClock clock;
  auto store = storage::SqliteStore::open(file);
  InstantExecutor executor;
  EndCounter ends(kStarts);
  std::optional<engine::EngineState> in_memory;
  engine::OrchestratorStats stats;
  std::atomic<int> commitsOnTheirThread{0};
  {
    // Torn down in reverse: the commit thread finishes first and its last post still runs on the
    // serial thread, which finishes before the orchestrator goes.
    std::unique_ptr<engine::Orchestrator> owner;
    ThreadSerialContext serial;   // the orchestrator's
    ThreadSerialContext commits;  // the commit thread
    engine::OrchestratorOptions options = test_options();
    options.commitOn = [&](std::function<void()> job) {
      ++commitsOnTheirThread;
      commits.post(std::move(job));
    };
    owner = std::make_unique<engine::Orchestrator>(serial, *store, *store, executor, ends, clock,
                                                   options);
    engine::Orchestrator& orchestrator = *owner;
    std::promise<void> ready;
    orchestrator.start([&] { ready.set_value(); });
    ready.get_future().wait();
    for (const char* name : {"P", "Q"}) {
      store->put_pipeline(parallel_pipeline(name), clock.now());
      std::promise<void> stored;
      orchestrator.submit(engine::PipelineUpdated{store->get_pipeline(name)->declaration},
                          [&](const Decision&) { stored.set_value(); });
      stored.get_future().wait();
    }
    // Queued from the serial thread, so the first drain finds them all and splits them.
    serial.post([&] {
      for (int i = 0; i < kStarts; ++i) orchestrator.submit(start_of(i));
    });
    REQUIRE(ends.wait());
    std::promise<void> read;
    orchestrator.inspect([&](const engine::EngineState& s) {
      in_memory = s;
      read.set_value();
    });
    read.get_future().wait();
    stats = orchestrator.stats();
  }

  CHECK(ends.succeeded == kStarts);
  CHECK(stats.batches > 1);
  CHECK(commitsOnTheirThread > 0);
  const engine::StoredExecutionState stored = store->load(100);
  REQUIRE(in_memory);
  std::size_t compared = 0;
  for (const PipelineExecution& e : stored.executions) {
    const auto& executions = in_memory->pipelines.at(e.pipelineName).executions;
    const auto found = executions.find(e.pipelineExecutionId);
    REQUIRE(found != executions.end());
    CHECK(found->second == e);
    ++compared;
  }
  CHECK(compared == static_cast<std::size_t>(kStarts));
}

}  // namespace
}  // namespace lockstep::testing

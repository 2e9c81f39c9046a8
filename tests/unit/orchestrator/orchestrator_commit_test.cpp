// The orchestrator's promises about durability: callers hear of a decision, and executors of an
// action, only once the state that produced it is on disk; batches commit together; a refused or
// unstorable command changes nothing.
#include <catch2/catch.hpp>

#include <stdexcept>

#include "engine/api_errors.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/unit/orchestrator/orchestrator_world.hpp"

namespace lockstep::testing {
namespace {

using engine::testing::fixture_f;

// What another process opening the database file would find.
engine::StoredExecutionState read_back(const std::filesystem::path& database) {
  return storage::SqliteStore::open(database)->load(100);
}

const PipelineExecution* find(const engine::StoredExecutionState& stored, const std::string& id) {
  for (const auto& e : stored.executions) {
    if (e.pipelineExecutionId == id) return &e;
  }
  return nullptr;
}

TEST_CASE("a caller hears of a started execution only once another connection can read it") {
  TempDir dir;
  engine::ManualClock clock(1'700'000'000'000);
  World world(dir / "lockstep.db", clock);
  world.boot();
  world.put_pipeline(fixture_f());

  engine::StartExecution start;
  start.pipelineName = "P";
  start.trigger = {"StartPipelineExecution", "test"};
  bool answered = false;
  world.orchestrator->submit(start, [&](const Decision& d) {
    REQUIRE(d.accepted());
    const auto stored = read_back(dir / "lockstep.db");
    const PipelineExecution* e = find(stored, d.pipelineExecutionId);
    REQUIRE(e != nullptr);
    CHECK(e->status == PipelineExecutionStatus::InProgress);
    answered = true;
  });
  world.serial.run();
  CHECK(answered);
}

TEST_CASE("an executor is handed an action only after the attempt is stored as InProgress") {
  TempDir dir;
  engine::ManualClock clock(1'700'000'000'000);
  World world(dir / "lockstep.db", clock);
  world.boot();
  world.put_pipeline(fixture_f());

  int checked = 0;
  world.executor.onStart = [&](const engine::StartAction& action) {
    const auto stored = read_back(dir / "lockstep.db");
    const PipelineExecution* e = find(stored, action.pipelineExecutionId);
    REQUIRE(e != nullptr);
    bool found = false;
    for (const auto& a : e->actionExecutions) {
      if (a.actionExecutionId != action.actionExecutionId) continue;
      found = true;
      CHECK(a.status == ActionExecutionStatus::InProgress);
    }
    CHECK(found);
    // Its StartAction waits in the outbox until the attempt ends.
    bool in_outbox = false;
    for (const auto& entry : stored.outbox) {
      const auto* s = std::get_if<engine::StartAction>(&entry.effect);
      in_outbox = in_outbox || (s != nullptr && s->actionExecutionId == action.actionExecutionId);
    }
    CHECK(in_outbox);
    ++checked;
  };
  const std::string id = world.start_execution();
  world.complete("src");
  world.complete("a1");
  CHECK(checked == 3);  // src, a1, and b1 once a1 succeeded
  CHECK(world.execution(id).stageExecutions[1].status == engine::StageExecutionStatus::Succeeded);
  // The finished attempts' StartActions are acknowledged; only b1's is left.
  const auto stored = read_back(dir / "lockstep.db");
  REQUIRE(stored.outbox.size() == 1);
  CHECK(std::get<engine::StartAction>(stored.outbox[0].effect).action.name == "b1");
}

TEST_CASE("commands queued together are decided and committed as one batch") {
  TempDir dir;
  engine::ManualClock clock(1'700'000'000'000);
  World world(dir / "lockstep.db", clock);
  world.boot();
  world.put_pipeline(fixture_f(engine::ExecutionMode::Parallel));
  const auto before = world.orchestrator->stats();

  int answered = 0;
  for (int i = 0; i < 40; ++i) {
    engine::StartExecution start;
    start.pipelineName = "P";
    start.trigger = {"StartPipelineExecution", "test"};
    world.orchestrator->submit(start, [&](const Decision& d) {
      CHECK(d.accepted());
      ++answered;
    });
  }
  world.serial.run();
  const auto after = world.orchestrator->stats();
  CHECK(answered == 40);
  CHECK(after.batches - before.batches == 1);
  CHECK(after.commands - before.commands == 40);
  CHECK(world.executor.running() == 40);  // every execution's source action was dispatched
  CHECK(read_back(dir / "lockstep.db").executions.size() == 40);
}

TEST_CASE("a refused command answers with the exception name and leaves storage as it was") {
  TempDir dir;
  engine::ManualClock clock(1'700'000'000'000);
  World world(dir / "lockstep.db", clock);
  world.boot();
  world.put_pipeline(fixture_f());
  const std::string id = world.start_execution();
  world.complete("src");
  const auto before = read_back(dir / "lockstep.db");

  engine::StopExecution stop{"P", "00000000-0000-4000-8000-000000000000", false, "no such"};
  Decision d = world.submit(stop);
  REQUIRE_FALSE(d.accepted());
  CHECK(d.rejection->exception == "PipelineExecutionNotStoppableException");  // §8.3

  engine::RetryStage retry{"P", "A", id, engine::StageRetryMode::FailedActions};
  d = world.submit(retry);
  REQUIRE_FALSE(d.accepted());
  CHECK(d.rejection->exception == "StageNotRetryableException");

  const auto after = read_back(dir / "lockstep.db");
  CHECK(after.executions == before.executions);
  CHECK(after.outbox.size() == before.outbox.size());
  CHECK(world.executor.is_running("a1"));
}

TEST_CASE("when a commit fails its callers and every later one get InternalFailure") {
  TempDir dir;
  engine::ManualClock clock(1'700'000'000'000);
  auto store = storage::SqliteStore::open(dir / "lockstep.db");
  FailingStore failing(*store);
  ManualSerialContext serial(clock);
  FakeExecutor executor;
  RecordingNotifier notifier;
  engine::Orchestrator orchestrator(serial, *store, failing, executor, notifier, clock,
                                    test_options());
  orchestrator.start();
  serial.run();
  store->put_pipeline(fixture_f(), clock.now());
  std::vector<Decision> answers;
  auto keep = [&](const Decision& d) { answers.push_back(d); };
  orchestrator.submit(engine::PipelineUpdated{store->get_pipeline("P")->declaration}, keep);
  serial.run();

  failing.failing = true;
  engine::StartExecution start;
  start.pipelineName = "P";
  start.trigger = {"StartPipelineExecution", "test"};
  orchestrator.submit(start, keep);
  serial.run();
  failing.failing = false;  // even a healthy disk cannot be trusted with the state now
  orchestrator.submit(start, keep);
  serial.run();

  REQUIRE(answers.size() == 3);
  CHECK(answers[0].accepted());
  CHECK(answers[1].rejection->exception == "InternalFailure");
  CHECK_THAT(answers[1].rejection->message, Catch::Contains("database or disk is full"));
  CHECK(answers[2].rejection->exception == "InternalFailure");
  CHECK(orchestrator.failed());
  CHECK(executor.started().empty());  // nothing undurable reached an executor
  CHECK(store->load(100).executions.empty());
}

TEST_CASE("a finished pipeline run reads back from disk exactly as it was in memory") {
  TempDir dir;
  engine::ManualClock clock(1'700'000'000'000);
  std::string id;
  PipelineExecution in_memory;
  {
    World world(dir / "lockstep.db", clock);
    world.boot();
    world.put_pipeline(fixture_f());
    id = world.start_execution();
    for (const char* action : {"src", "a1", "b1", "c1"}) {
      clock.advance(1000);
      world.complete(action);
    }
    in_memory = world.execution(id);
    CHECK(in_memory.status == PipelineExecutionStatus::Succeeded);
  }
  World restarted(dir / "lockstep.db", clock);
  restarted.boot();
  CHECK(restarted.execution(id) == in_memory);
  CHECK(restarted.executor.started().empty());
}

}  // namespace
}  // namespace lockstep::testing

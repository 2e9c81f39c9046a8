// One "process" for orchestrator tests: a real SQLite file, the orchestrator, a fake executor and
// a serial context turned by hand. Destroying a World without shutting down is a crash; a new
// World over the same file is the restart.
#pragma once

#include <catch2/catch.hpp>

#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/orchestrator.hpp"
#include "storage/sqlite_store.hpp"
#include "tests/support/fake_executor.hpp"
#include "tests/support/manual_serial_context.hpp"
#include "tests/unit/engine/pipeline_builder.hpp"

namespace lockstep::testing {

using engine::ActionExecution;
using engine::ActionExecutionStatus;
using engine::Decision;
using engine::PipelineExecution;
using engine::PipelineExecutionStatus;

inline engine::OrchestratorOptions test_options() {
  engine::OrchestratorOptions options;
  options.idSeed = {42, 0};
  return options;
}

// Fails every commit once told to: a disk that filled up, say.
class FailingStore final : public engine::ExecutionStore {
 public:
  explicit FailingStore(engine::ExecutionStore& real) : real_(real) {}
  std::vector<std::int64_t> commit(const engine::ExecutionChanges& changes) override {
    if (failing) throw std::runtime_error("database or disk is full");
    return real_.commit(changes);
  }
  engine::StoredExecutionState load(std::size_t finished) const override {
    return real_.load(finished);
  }
  bool failing = false;

 private:
  engine::ExecutionStore& real_;
};

class World {
 public:
  World(const std::filesystem::path& database, engine::ManualClock& clock,
        engine::OrchestratorOptions options = test_options())
      : clock_(clock), serial(clock), store(storage::SqliteStore::open(database)) {
    orchestrator = std::make_unique<engine::Orchestrator>(serial, *store, *store, executor,
                                                          notifier, clock, options);
  }

  // Starts the orchestrator (recovery included) and waits until it is ready.
  void boot() {
    bool ready = false;
    orchestrator->start([&] { ready = true; });
    serial.run();
    REQUIRE(ready);
  }

  // Stores a declaration and tells the engine, as CreatePipeline/UpdatePipeline will.
  void put_pipeline(const engine::PipelineDeclaration& declaration) {
    store->put_pipeline(declaration, clock_.now());
    auto stored = store->get_pipeline(declaration.name);
    REQUIRE(stored);
    REQUIRE(submit(engine::PipelineUpdated{stored->declaration}).accepted());
  }

  // Submits one command and runs the serial context until its decision is durable.
  Decision submit(engine::Command command) {
    std::optional<Decision> out;
    orchestrator->submit(std::move(command), [&](const Decision& d) { out = d; });
    serial.run();
    REQUIRE(out);
    return *out;
  }

  std::string start_execution(const std::string& pipeline = "P") {
    engine::StartExecution start;
    start.pipelineName = pipeline;
    start.trigger = {"StartPipelineExecution", "test"};
    const Decision d = submit(start);
    REQUIRE(d.accepted());
    return d.pipelineExecutionId;
  }

  engine::EngineState state() {
    std::optional<engine::EngineState> copy;
    orchestrator->inspect([&](const engine::EngineState& s) { copy = s; });
    serial.run();
    REQUIRE(copy);
    return *copy;
  }

  PipelineExecution execution(const std::string& id, const std::string& pipeline = "P") {
    const engine::EngineState s = state();
    auto p = s.pipelines.find(pipeline);
    REQUIRE(p != s.pipelines.end());
    auto e = p->second.executions.find(id);
    REQUIRE(e != p->second.executions.end());
    return e->second;
  }

  // The latest attempt of an action in an execution.
  ActionExecution attempt(const std::string& id, const std::string& action,
                          const std::string& pipeline = "P") {
    const PipelineExecution e = execution(id, pipeline);
    for (auto it = e.actionExecutions.rbegin(); it != e.actionExecutions.rend(); ++it) {
      if (it->actionName == action) return *it;
    }
    FAIL("no attempt of " << action);
    return {};
  }

  // Reports the running attempt of `action` and lets the orchestrator commit the result.
  void complete(const std::string& action,
                engine::ActionOutcome outcome = engine::ActionOutcome::Succeeded) {
    REQUIRE(executor.complete(action, outcome));
    serial.run();
  }

  // The process dies: nothing queued runs, nothing in memory survives.
  void crash() {
    executor.dead = true;
    serial.crash();
  }

  engine::ManualClock& clock_;
  ManualSerialContext serial;
  std::unique_ptr<storage::SqliteStore> store;
  FakeExecutor executor;
  RecordingNotifier notifier;
  std::unique_ptr<engine::Orchestrator> orchestrator;
};

}  // namespace lockstep::testing

// A daemon assembled in-process for HTTP tests: a real SQLite file, the orchestrator on a strand
// of a running io_context over a FakeExecutor, a Router the test fills, and a listener on
// 127.0.0.1 at a port the system picks.
#pragma once

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string_view>
#include <thread>
#include <vector>

#include "engine/clock.hpp"
#include "engine/engine_state.hpp"
#include "engine/orchestrator.hpp"
#include "server/http_listener.hpp"
#include "server/router.hpp"
#include "server/strand_context.hpp"
#include "storage/sqlite_store.hpp"
#include "tests/support/fake_executor.hpp"
#include "tests/support/temp_dir.hpp"

namespace lockstep::testing {

class InProcessServer {
 public:
  // What a feature's routes are built from.
  struct Parts {
    boost::asio::io_context& io;
    storage::SqliteStore& store;
    engine::Orchestrator& orchestrator;
    const engine::Clock& clock;
  };
  using AddRoutes = std::function<void(server::Router&, const Parts&)>;

  // Recovery has finished and the listener accepts connections when this returns.
  explicit InProcessServer(const AddRoutes& add_routes,
                           engine::OrchestratorOptions options = default_options());
  ~InProcessServer();
  InProcessServer(const InProcessServer&) = delete;
  InProcessServer& operator=(const InProcessServer&) = delete;

  static engine::OrchestratorOptions default_options();

  std::uint16_t port() const { return port_; }
  storage::SqliteStore& store() { return *store_; }
  engine::Orchestrator& orchestrator() { return *orchestrator_; }
  FakeExecutor& executor() { return executor_; }
  RecordingNotifier& notifier() { return notifier_; }

  // Stores a declaration (JSON or YAML, CodePipeline's structure) and tells the engine, as
  // CreatePipeline does. The test fails when the declaration has problems.
  void put_pipeline(std::string_view declaration);
  // Submits a command and waits until its decision is durable.
  engine::Decision submit(engine::Command command);
  // A copy of the engine's state, taken on its strand.
  engine::EngineState state();

 private:
  TempDir dir_;
  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
  engine::SystemClock clock_;
  server::StrandContext strand_;
  std::unique_ptr<storage::SqliteStore> store_;
  FakeExecutor executor_;
  RecordingNotifier notifier_;
  std::unique_ptr<engine::Orchestrator> orchestrator_;
  server::Router router_;
  std::optional<server::HttpListener> listener_;
  std::uint16_t port_ = 0;
  std::vector<std::thread> threads_;
};

}  // namespace lockstep::testing

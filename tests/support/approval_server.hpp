// A whole server in the test's process: real SQLite file, the orchestrator on an Asio strand,
// an executor the test chooses (a FakeExecutor by default), the routes under test, and an HTTP
// listener on 127.0.0.1 with an ephemeral port. Tests talk to it over loopback HTTP.
#pragma once

#include <boost/asio/io_context.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "engine/clock.hpp"
#include "engine/executor.hpp"
#include "engine/orchestrator.hpp"
#include "server/http_listener.hpp"
#include "server/router.hpp"
#include "server/strand_context.hpp"
#include "storage/sqlite_store.hpp"
#include "tests/support/fake_executor.hpp"
#include "tests/support/temp_dir.hpp"

namespace lockstep::testing {

class ApprovalServer;

struct ApprovalServerSetup {
  // Called once storage exists and the port is bound, before the orchestrator exists: the
  // executor actions go to, owned by the server from then on. Empty: every action goes to fake().
  std::function<std::unique_ptr<engine::Executor>(ApprovalServer&)> executor;
  // Adds the routes under test.
  std::function<void(server::Router&, ApprovalServer&)> routes;
};

class ApprovalServer {
 public:
  explicit ApprovalServer(ApprovalServerSetup setup = {});
  ~ApprovalServer();
  ApprovalServer(const ApprovalServer&) = delete;
  ApprovalServer& operator=(const ApprovalServer&) = delete;

  std::uint16_t port() const { return port_; }
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  storage::SqliteStore& store() { return *store_; }
  engine::Orchestrator& orchestrator() { return *orchestrator_; }
  FakeExecutor& fake() { return fake_; }
  RecordingNotifier& notifier() { return notifier_; }
  boost::asio::io_context& io() { return io_; }
  const engine::Clock& clock() const { return clock_; }
  const TempDir& directory() const { return dir_; }

  // Stores a declaration and tells the engine, as CreatePipeline/UpdatePipeline do.
  void put_pipeline(const engine::PipelineDeclaration& declaration);
  // Submits a command and waits until its decision is durable.
  engine::Decision submit(engine::Command command);
  // Starts an execution by hand and returns its id.
  std::string start_execution(const std::string& pipeline);
  // A copy of the engine's state, taken on its strand.
  engine::EngineState state();
  // The latest attempt of `action` in the execution; nothing when it has none.
  std::optional<engine::ActionExecution> attempt(const std::string& pipeline,
                                                 const std::string& execution,
                                                 const std::string& action);
  // Checks `ready` on the calling thread until it holds, for up to 10 s; false on timeout. It may
  // call state() and attempt(), which wait for the engine's strand to answer.
  bool wait_for(const std::function<bool()>& ready);

 private:
  TempDir dir_{"lockstep-inprocess"};
  engine::SystemClock clock_;
  boost::asio::io_context io_;
  std::unique_ptr<storage::SqliteStore> store_;
  FakeExecutor fake_;
  RecordingNotifier notifier_;
  std::unique_ptr<engine::Executor> executor_;
  std::unique_ptr<server::StrandContext> strand_;
  std::unique_ptr<engine::Orchestrator> orchestrator_;
  server::Router router_;
  std::unique_ptr<server::HttpListener> listener_;
  std::uint16_t port_ = 0;
  std::thread thread_;
};

}  // namespace lockstep::testing

// The daemon's parts assembled in the test's process: a real SQLite file, the orchestrator over a
// FakeExecutor (the test decides when actions finish), a Router with the routes under test and an
// HttpListener on 127.0.0.1 with a port the system picks.
#pragma once

#include <boost/asio/io_context.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

#include "engine/clock.hpp"
#include "engine/orchestrator.hpp"
#include "server/event_hub.hpp"
#include "server/http_listener.hpp"
#include "server/router.hpp"
#include "server/strand_context.hpp"
#include "storage/execution_queries.hpp"
#include "storage/sqlite_store.hpp"
#include "tests/support/fake_executor.hpp"
#include "tests/support/temp_dir.hpp"

namespace lockstep::testing {

class InProcessServer {
 public:
  using AddRoutes = std::function<void(server::Router&, InProcessServer&)>;

  // Opens the database, starts the orchestrator and waits for its recovery, adds the routes,
  // then listens and serves on two threads.
  explicit InProcessServer(AddRoutes add_routes);
  // Stops listening, lets requests in flight finish and joins the threads.
  ~InProcessServer();
  InProcessServer(const InProcessServer&) = delete;
  InProcessServer& operator=(const InProcessServer&) = delete;

  std::uint16_t port() const { return port_; }
  const std::filesystem::path& directory() const { return dir_.path(); }

  TempDir dir_{"lockstep-inprocess"};
  engine::SystemClock clock;
  FakeExecutor executor;
  RecordingNotifier notifier;
  server::EventHub events{&notifier};  // the orchestrator's notifier; records into `notifier`
  std::unique_ptr<storage::SqliteStore> store;
  std::unique_ptr<storage::ExecutionQueries> queries;
  boost::asio::io_context io;
  std::unique_ptr<server::StrandContext> strand;
  std::unique_ptr<engine::Orchestrator> orchestrator;
  server::Router router;

 private:
  std::optional<server::HttpListener> listener_;
  std::vector<std::thread> threads_;
  std::uint16_t port_ = 0;
};

}  // namespace lockstep::testing

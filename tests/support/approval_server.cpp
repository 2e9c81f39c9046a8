#include "tests/support/approval_server.hpp"

#include <boost/asio/ip/address.hpp>

#include <chrono>
#include <future>
#include <stdexcept>
#include <utility>

namespace lockstep::testing {

namespace {

template <typename T>
T wait_on(std::future<T>& future, const char* what) {
  if (future.wait_for(std::chrono::seconds(10)) != std::future_status::ready) {
    throw std::runtime_error(std::string("the in-process server did not ") + what + " within 10 s");
  }
  return future.get();
}

}  // namespace

ApprovalServer::ApprovalServer(ApprovalServerSetup setup) {
  store_ = storage::SqliteStore::open(dir_ / "lockstep.db");
  // Bound first, so an executor that puts links to this server in its messages knows the port.
  listener_ = std::make_unique<server::HttpListener>(
      io_, boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0), router_);
  port_ = listener_->local_endpoint().port();
  if (setup.executor) executor_ = setup.executor(*this);
  strand_ = std::make_unique<server::StrandContext>(io_, clock_);
  engine::OrchestratorOptions options;
  options.idSeed = {7, 0};
  engine::Executor& executor = executor_ ? *executor_ : static_cast<engine::Executor&>(fake_);
  orchestrator_ = std::make_unique<engine::Orchestrator>(*strand_, *store_, *store_, executor,
                                                         notifier_, clock_, options);
  if (setup.routes) setup.routes(router_, *this);

  std::promise<void> ready;
  auto started = ready.get_future();
  orchestrator_->start([&ready] { ready.set_value(); });
  listener_->start();
  // Two threads, as the daemon has at least one per core: a handler waiting on another thread's
  // work would hang a single-threaded io_context and show up as a test failure.
  thread_ = std::thread([this] {
    std::thread second([this] { io_.run(); });
    io_.run();
    second.join();
  });
  wait_on(started, "recover its state");
}

ApprovalServer::~ApprovalServer() {
  listener_->stop();
  strand_->shutdown();
  io_.stop();
  thread_.join();
  orchestrator_.reset();
  executor_.reset();
}

void ApprovalServer::put_pipeline(const engine::PipelineDeclaration& declaration) {
  store_->put_pipeline(declaration, clock_.now());
  auto stored = store_->get_pipeline(declaration.name);
  if (!stored) throw std::runtime_error("the pipeline was not stored");
  const engine::Decision d = submit(engine::PipelineUpdated{stored->declaration});
  if (!d.accepted()) throw std::runtime_error("the engine refused the pipeline");
}

engine::Decision ApprovalServer::submit(engine::Command command) {
  std::promise<engine::Decision> promise;
  auto decided = promise.get_future();
  orchestrator_->submit(std::move(command),
                        [&promise](const engine::Decision& d) { promise.set_value(d); });
  return wait_on(decided, "decide a command");
}

std::string ApprovalServer::start_execution(const std::string& pipeline) {
  engine::StartExecution start;
  start.pipelineName = pipeline;
  start.trigger = {"StartPipelineExecution", "test"};
  const engine::Decision d = submit(start);
  if (!d.accepted()) throw std::runtime_error("the execution did not start");
  return d.pipelineExecutionId;
}

engine::EngineState ApprovalServer::state() {
  std::promise<engine::EngineState> promise;
  auto copied = promise.get_future();
  orchestrator_->inspect([&promise](const engine::EngineState& s) { promise.set_value(s); });
  return wait_on(copied, "show its state");
}

std::optional<engine::ActionExecution> ApprovalServer::attempt(const std::string& pipeline,
                                                               const std::string& execution,
                                                               const std::string& action) {
  const engine::EngineState s = state();
  const auto p = s.pipelines.find(pipeline);
  if (p == s.pipelines.end()) return std::nullopt;
  const auto e = p->second.executions.find(execution);
  if (e == p->second.executions.end()) return std::nullopt;
  for (auto it = e->second.actionExecutions.rbegin(); it != e->second.actionExecutions.rend();
       ++it) {
    if (it->actionName == action) return *it;
  }
  return std::nullopt;
}

bool ApprovalServer::wait_for(const std::function<bool()>& ready) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline) {
    if (ready()) return true;
    // Each check is a round trip through the engine's strand; a short pause between checks
    // keeps this loop from crowding out the work it waits for.
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return ready();
}

}  // namespace lockstep::testing

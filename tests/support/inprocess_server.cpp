#include "tests/support/inprocess_server.hpp"

#include <catch2/catch.hpp>

#include <boost/asio/ip/address.hpp>

#include <future>
#include <string>

#include "engine/declaration_parser.hpp"

namespace lockstep::testing {

namespace asio = boost::asio;

engine::OrchestratorOptions InProcessServer::default_options() {
  engine::OrchestratorOptions options;
  options.idSeed = {7, 0};
  return options;
}

InProcessServer::InProcessServer(const AddRoutes& add_routes, engine::OrchestratorOptions options)
    : dir_("lockstep-inprocess"),
      work_(asio::make_work_guard(io_)),
      strand_(io_, clock_),
      store_(storage::SqliteStore::open(dir_ / "lockstep.db")) {
  orchestrator_ = std::make_unique<engine::Orchestrator>(strand_, *store_, *store_, executor_,
                                                         notifier_, clock_, options);
  std::promise<void> ready;
  orchestrator_->start([&ready] { ready.set_value(); });
  add_routes(router_, Parts{io_, *store_, *orchestrator_, clock_});
  listener_.emplace(io_, asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0), router_);
  port_ = listener_->local_endpoint().port();
  listener_->start();
  for (int i = 0; i < 2; ++i) threads_.emplace_back([this] { io_.run(); });
  ready.get_future().wait();
}

InProcessServer::~InProcessServer() {
  listener_->stop();
  strand_.shutdown();
  work_.reset();
  io_.stop();
  for (auto& thread : threads_) thread.join();
}

void InProcessServer::put_pipeline(std::string_view declaration) {
  auto parsed = engine::parse_pipeline_declaration(declaration);
  for (const auto& problem : parsed.problems)
    UNSCOPED_INFO(problem.path << ": " << problem.message);
  REQUIRE(parsed.ok());
  store_->put_pipeline(parsed.declaration, clock_.now());
  auto stored = store_->get_pipeline(parsed.declaration.name);
  REQUIRE(stored);
  REQUIRE(submit(engine::PipelineUpdated{stored->declaration}).accepted());
}

engine::Decision InProcessServer::submit(engine::Command command) {
  std::promise<engine::Decision> decided;
  orchestrator_->submit(std::move(command),
                        [&decided](const engine::Decision& d) { decided.set_value(d); });
  return decided.get_future().get();
}

engine::EngineState InProcessServer::state() {
  std::promise<engine::EngineState> copy;
  orchestrator_->inspect([&copy](const engine::EngineState& s) { copy.set_value(s); });
  return copy.get_future().get();
}

}  // namespace lockstep::testing

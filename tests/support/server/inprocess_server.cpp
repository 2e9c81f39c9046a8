#include "tests/support/server/inprocess_server.hpp"

#include <future>

namespace lockstep::testing {

InProcessServer::InProcessServer(AddRoutes add_routes) {
  store = storage::SqliteStore::open(dir_ / "lockstep.db");
  queries = std::make_unique<storage::ExecutionQueries>(*store);
  strand = std::make_unique<server::StrandContext>(io, clock);
  engine::OrchestratorOptions options;
  options.idSeed = {0x5eed, 0};
  orchestrator = std::make_unique<engine::Orchestrator>(*strand, *store, *store, executor, events,
                                                        clock, options);
  add_routes(router, *this);
  listener_.emplace(
      io, boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0), router);
  port_ = listener_->local_endpoint().port();
  listener_->start();
  std::promise<void> ready;
  orchestrator->start([&ready] { ready.set_value(); });
  for (int i = 0; i < 2; ++i) {
    threads_.emplace_back([this] { io.run(); });
  }
  ready.get_future().wait();
}

InProcessServer::~InProcessServer() {
  listener_->stop();
  strand->shutdown();
  for (auto& thread : threads_) thread.join();
}

}  // namespace lockstep::testing

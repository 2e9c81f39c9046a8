#include "server/daemon.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/thread_pool.hpp>

#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <filesystem>
#include <optional>
#include <random>
#include <thread>
#include <vector>

#include "config/value_checks.hpp"
#include "engine/clock.hpp"
#include "engine/deployment_window_rule.hpp"
#include "engine/orchestrator.hpp"
#include "engine/rule_evaluator.hpp"
#include "executors/approval/approval_executor.hpp"
#include "executors/executor_router.hpp"
#include "executors/local/source_poller.hpp"
#include "lockstep/version.hpp"
#include "server/api_v1/api_v1.hpp"
#include "server/api_v1/bearer_auth.hpp"
#include "server/approval_pages.hpp"
#include "server/approval_settings.hpp"
#include "server/aws_api/aws_api.hpp"
#include "server/event_hub.hpp"
#include "server/event_log.hpp"
#include "server/health_route.hpp"
#include "server/http_listener.hpp"
#include "server/iana_time_zones.hpp"
#include "server/json_response.hpp"
#include "server/local_executors.hpp"
#include "server/metrics.hpp"
#include "server/metrics_notifier.hpp"
#include "server/metrics_route.hpp"
#include "server/pipeline_loader.hpp"
#include "server/router.hpp"
#include "server/strand_context.hpp"
#include "server/stream_routes.hpp"
#include "server/tls_context.hpp"
#include "server/webhook_delivery_retention.hpp"
#include "server/webhook_routes.hpp"
#include "storage/execution_queries.hpp"
#include "storage/sqlite_store.hpp"

namespace lockstep::server {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;

std::optional<tcp::endpoint> resolve(asio::io_context& io, const config::ListenAddress& listen) {
  boost::system::error_code error;
  const auto address = asio::ip::make_address(listen.host, error);
  if (!error) return tcp::endpoint(address, listen.port);
  tcp::resolver resolver(io);
  const auto results = resolver.resolve(listen.host, std::to_string(listen.port), error);
  if (error || results.empty()) {
    spdlog::error("cannot resolve {}: {}", listen.host, error ? error.message() : "no addresses");
    return std::nullopt;
  }
  return results.begin()->endpoint();
}

// The engine draws no randomness itself; its id source is seeded once per database.
engine::IdSource random_id_seed() {
  std::random_device device;
  const std::uint64_t seed = (static_cast<std::uint64_t>(device()) << 32) ^ device();
  return {seed, 0};
}

std::string to_text(const tcp::endpoint& endpoint) {
  const auto address = endpoint.address();
  const std::string host = address.is_v6() ? "[" + address.to_string() + "]" : address.to_string();
  return host + ":" + std::to_string(endpoint.port());
}

// Runs the io_context on one thread per core, this one included, until it runs out of work.
void run_threads(asio::io_context& io, unsigned count) {
  auto run = [&io] {
    for (;;) {
      try {
        io.run();
        return;
      } catch (const std::exception& error) {
        // A handler that throws must not take the whole server down with it.
        spdlog::error("unexpected error in a request handler: {}", error.what());
      }
    }
  };
  std::vector<std::thread> threads;
  for (unsigned i = 1; i < count; ++i) threads.emplace_back(run);
  run();
  for (auto& thread : threads) thread.join();
}

// Every pipeline's current declaration, for the source poller.
std::vector<engine::PipelineDeclaration> current_declarations(const storage::SqliteStore& store) {
  std::vector<engine::PipelineDeclaration> declarations;
  for (const auto& summary : store.list_pipelines()) {
    if (auto stored = store.get_pipeline(summary.name)) {
      declarations.push_back(std::move(stored->declaration));
    }
  }
  return declarations;
}

}  // namespace

int run_daemon(const config::ServerConfig& config) {
  const unsigned thread_count = std::max(1u, std::thread::hardware_concurrency());
  asio::io_context io(static_cast<int>(thread_count));
  // Installed first: a signal that arrives while pipelines load is handled once the loop runs,
  // instead of killing the process half-way through a write.
  asio::signal_set signals(io, SIGINT, SIGTERM);

  spdlog::info("lockstep {} starting; data directory {}", kVersion, config.data_dir);
  std::unique_ptr<storage::SqliteStore> store;
  const std::filesystem::path database = std::filesystem::path(config.data_dir) / "lockstep.db";
  try {
    std::filesystem::create_directories(config.data_dir);
    store = storage::SqliteStore::open(database);
  } catch (const std::filesystem::filesystem_error& error) {
    spdlog::error("cannot create the data directory {}: {}", config.data_dir,
                  error.code().message());
    return 1;
  } catch (const storage::StorageError& error) {
    spdlog::error("cannot open {}: {}", database.string(), error.what());
    return 1;
  }

  if (!config.pipelines_dir.empty()) {
    std::error_code error;
    if (!std::filesystem::is_directory(config.pipelines_dir, error)) {
      spdlog::error("the pipelines directory {} does not exist", config.pipelines_dir);
      return 2;
    }
    try {
      load_pipeline_folder(config.pipelines_dir, *store, engine::SystemClock());
    } catch (const storage::StorageError& storage_error) {
      spdlog::error("cannot store the pipelines: {}", storage_error.what());
      return 1;
    }
  }

  // Storage holds the pipelines now; the orchestrator recovers executions from it on the strand
  // once the threads run, and commands wait until it is ready.
  const engine::SystemClock clock;
  StrandContext strand(io, clock);
  executors::ExecutorRouter executors;
  // Before the orchestrator: recovery hands waiting approvals to it again.
  auto approvals = std::make_unique<executors::approval::ApprovalExecutor>(
      *store, approval_notifications(config, config::process_environment()), clock);
  executors.route(engine::ActionOwner::AWS, "Manual", *approvals);
  LocalExecutors local_executors(io, config, executors);
  EventLog events;
  EventHub event_hub(&events);  // the live event streams of /api/v1/
  Metrics metrics;
  MetricsNotifier notifier(metrics, event_hub);
  engine::OrchestratorOptions options;
  options.idSeed = random_id_seed();
  // Batches commit on a thread of their own, so the strand decides the next one meanwhile.
  asio::thread_pool execution_commits(1);
  options.commitOn = [&execution_commits](std::function<void()> job) {
    asio::post(execution_commits, std::move(job));
  };
  // DeploymentWindow rules read IANA zones from the system's database.
  engine::RuleEvaluators rules = engine::RuleEvaluators::with_builtins();
  rules.add("DeploymentWindow",
            std::make_shared<engine::DeploymentWindowRule>(std::make_shared<IanaTimeZones>()));
  engine::Orchestrator orchestrator(strand, *store, *store, executors, notifier, clock, options,
                                    rules);
  std::atomic<bool> ready{false};
  orchestrator.start([&ready] {
    ready = true;
    spdlog::info("execution state recovered");
  });

  // Sources with change detection and no webhook are polled; a new head starts an execution.
  executors::local::SourcePoller poller(
      local_executors.mirrors(),
      [&orchestrator](const std::string& pipeline, const std::string& action,
                      const std::string& commit) {
        engine::StartExecution start;
        start.pipelineName = pipeline;
        start.trigger = {"PollForSourceChanges", action};
        start.sourceRevisions = {{action, "COMMIT_ID", commit}};
        orchestrator.submit(std::move(start));
      });
  poller.start(config::polling_interval(config), [&store] { return current_declarations(*store); });

  const auto endpoint = resolve(io, *config::parse_listen(config.server.listen));
  if (!endpoint) return 1;
  std::unique_ptr<asio::ssl::context> tls;
  if (!config.server.tls.certificate.empty()) {
    try {
      tls = make_tls_context(config.server.tls.certificate, config.server.tls.private_key);
    } catch (const std::exception& error) {
      spdlog::error("{}", error.what());
      return 2;
    }
  }

  Router router;
  router.observe([&metrics](const AnsweredRequest& answered) {
    metrics.count_request(answered.route, answered.status);
    // The route's pattern, not the target: paths and queries may carry one-time tokens.
    spdlog::info("http method={} route={} status={} seconds={:.6f}", answered.method,
                 answered.route, answered.status, answered.seconds);
  });
  add_health_routes(router, ready);
  add_metrics_route(router, {metrics, *store, orchestrator});
  // Delivery records commit on a thread of their own: a commit waits for the disk, and an I/O
  // thread waiting with it would serve no requests meanwhile.
  asio::thread_pool delivery_commits(1);
  add_webhook_routes(router,
                     WebhookDeps{orchestrator, *store, clock, delivery_commits.get_executor(),
                                 github_secrets(config), gitlab_secrets(config), &metrics});
  add_approval_routes(router, {*store, orchestrator, clock, io.get_executor()});
  auto delivery_retention = std::make_shared<DeliveryRetention>(
      io.get_executor(), *store, clock,
      DeliveryRetentionOptions{config::delivery_retention(config)});
  delivery_retention->start();

  aws_api::AwsApiSettings aws;
  aws.region = config.aws.region;
  aws.accountId = config.aws.account_id;
  for (const auto& key : config.auth.access_keys) {
    aws.accessKeys.push_back({key.access_key_id, key.secret_access_key});
  }
  if (config.auth.allows_unauthenticated()) {
    // Anyone who can reach a non-loopback address could then drive every pipeline.
    if (!endpoint->address().is_loopback()) {
      spdlog::error(
          "auth.allow_unauthenticated is true but {} is not a loopback address; "
          "refusing to start",
          config.server.listen);
      return 2;
    }
    aws.allowUnauthenticated = true;
    spdlog::warn(
        "the CodePipeline API serves unauthenticated requests (auth.allow_unauthenticated)");
  } else if (aws.accessKeys.empty()) {
    spdlog::warn(
        "no access keys are configured: every CodePipeline API request will be refused; "
        "set auth.access_keys or LOCKSTEP_ACCESS_KEY_ID and LOCKSTEP_SECRET_ACCESS_KEY");
  }
  const bool unauthenticated = aws.allowUnauthenticated;
  storage::ExecutionQueries executions(*store);
  // One context for both APIs: the REST API runs the same operations under the same lock.
  auto operations = std::make_shared<aws_api::AwsApiContext>(aws_api::AwsApiDeps{
      *store, executions, orchestrator, clock, io.get_executor(), std::move(aws)});
  aws_api::add_aws_api_routes(router, operations);

  api_v1::ApiV1Deps rest{operations, {}, unauthenticated, config.data_dir};
  for (const auto& token : config.api.tokens) {
    rest.tokens.push_back({token.name, token.token, *api_v1::parse_role(token.role)});
  }
  if (rest.tokens.empty() && !unauthenticated) {
    spdlog::warn(
        "no API tokens are configured: every /api/v1/ request will be refused; set api.tokens "
        "or LOCKSTEP_API_TOKEN");
  }
  // The live streams carry what builds print: a viewer's bearer token, like the rest of /api/v1/.
  auto stream_auth = std::make_shared<api_v1::BearerAuth>(rest.tokens, unauthenticated);
  StreamAuthorize stream_access = [stream_auth](const RouteRequest& request) {
    return stream_auth->refuse(request, api_v1::Role::Viewer);
  };
  api_v1::add_api_v1_routes(router, std::move(rest));
  add_log_stream_route(
      router, {executions, local_executors.workspace(), local_executors.live_logs(), event_hub,
               io.get_executor(), stream_access});
  add_events_route(router, {event_hub, io.get_executor(), std::chrono::seconds(15), stream_access});
  std::optional<HttpListener> listener;
  try {
    listener.emplace(io, *endpoint, router, HttpLimits{}, tls.get());
  } catch (const boost::system::system_error& error) {
    spdlog::error("cannot listen on {}: {}", config.server.listen, error.code().message());
    return 1;
  }
  spdlog::info("listening on {}://{}", tls ? "https" : "http", to_text(listener->local_endpoint()));

  signals.async_wait([&listener, &strand, &poller, &delivery_retention](
                         const boost::system::error_code& error, int signal) {
    if (error) return;
    spdlog::info("received {}, stopping", signal == SIGINT ? "SIGINT" : "SIGTERM");
    listener->stop();
    poller.stop();
    delivery_retention->stop();
    strand.shutdown();  // pending timers are stored; the next start re-arms them
  });
  listener->start();
  run_threads(io, thread_count);

  execution_commits.join();  // a batch still committing finishes while storage is open; its
                             // answers are not sent, and the next start recovers its effects
  delivery_commits.join();   // the last records commit while storage is still open
  approvals.reset();         // finishes queued notifications while storage is still open
  store.reset();
  spdlog::info("stopped");
  return 0;
}

}  // namespace lockstep::server

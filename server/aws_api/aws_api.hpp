// The CodePipeline AWS JSON 1.1 API: POST / with X-Amz-Target, SigV4-authenticated, so that the
// AWS CLI and SDKs drive Lockstep with --endpoint-url.
#pragma once

#include <boost/asio/any_io_executor.hpp>

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "engine/clock.hpp"
#include "engine/orchestrator.hpp"
#include "engine/store.hpp"
#include "server/aws_api/aws_error.hpp"
#include "server/aws_api/sigv4_verifier.hpp"
#include "server/router.hpp"
#include "storage/execution_queries.hpp"

namespace lockstep::server::aws_api {

struct AwsApiSettings {
  std::string region = "us-east-1";
  std::string accountId = "123456789012";
  std::vector<AccessKey> accessKeys;
  // Requests are served without checking signatures; the daemon allows it on loopback only.
  bool allowUnauthenticated = false;
};

struct AwsApiDeps {
  engine::Store& pipelines;
  const storage::ExecutionQueries& executions;
  engine::Orchestrator& orchestrator;
  const engine::Clock& clock;
  // Where answers read from the engine are built, off the orchestrator's strand.
  boost::asio::any_io_executor io;
  AwsApiSettings settings;
};

// What every operation needs: its dependencies and the lock that orders pipeline writes (a
// check-then-store and the engine's notification must not interleave with another's).
struct AwsApiContext {
  explicit AwsApiContext(AwsApiDeps d)
      : deps(std::move(d)),
        verifier(deps.settings.accessKeys, deps.settings.region, "codepipeline", deps.clock) {}
  AwsApiDeps deps;
  SigV4Verifier verifier;
  std::mutex pipelineWrites;
};

class AwsApi {
 public:
  explicit AwsApi(AwsApiDeps deps) : context_(std::make_shared<AwsApiContext>(std::move(deps))) {}
  explicit AwsApi(std::shared_ptr<AwsApiContext> context) : context_(std::move(context)) {}

  // Authenticates, picks the operation from X-Amz-Target and answers through `respond`, exactly
  // once, possibly later from another thread. `request` is read before this returns.
  void handle(const HttpRequest& request, AwsRespond respond) const;

 private:
  std::shared_ptr<AwsApiContext> context_;
};

// Serves the API at POST / (body limit 1 MiB).
void add_aws_api_routes(Router& router, AwsApiDeps deps);
// The same over a context another front end shares (the REST API runs the same operations), so
// that pipeline writes from both are ordered by one lock.
void add_aws_api_routes(Router& router, std::shared_ptr<AwsApiContext> context);

}  // namespace lockstep::server::aws_api

// The REST API at /api/v1/ for scripts and the dashboard: pipelines, executions, state,
// transitions, approvals and action logs, authorized by Bearer tokens with roles.
#pragma once

#include <filesystem>
#include <memory>
#include <vector>

#include "server/api_v1/bearer_auth.hpp"
#include "server/aws_api/aws_api.hpp"
#include "server/router.hpp"

namespace lockstep::server::api_v1 {

inline constexpr std::size_t kBodyLimit = 1024 * 1024;

struct ApiV1Deps {
  // The AWS API's context: the REST API runs the same operations over the same lock.
  std::shared_ptr<aws_api::AwsApiContext> operations;
  std::vector<ApiToken> tokens;
  // Requests without a token act as admin; the daemon allows it on a loopback listener only.
  bool allowUnauthenticated = false;
  std::filesystem::path dataDir;  // where action logs are (executors::local::Workspace)
};

// Adds every route of api_v1_routes() that has a handler (the live streams are added apart).
void add_api_v1_routes(Router& router, ApiV1Deps deps);

}  // namespace lockstep::server::api_v1

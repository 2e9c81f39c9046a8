// POST /webhooks/github and POST /webhooks/gitlab: authenticate, read the event, hand it on.
#pragma once

#include <boost/asio/any_io_executor.hpp>

#include <cstddef>

#include "config/server_config.hpp"
#include "engine/clock.hpp"
#include "engine/orchestrator.hpp"
#include "engine/webhook_deliveries.hpp"
#include "server/metrics.hpp"
#include "server/router.hpp"
#include "server/webhook_auth.hpp"

namespace lockstep::server {

// GitHub's own limit for a delivery's payload.
inline constexpr std::size_t kWebhookBodyLimit = 25 * 1024 * 1024;

struct WebhookDeps {
  engine::Orchestrator& orchestrator;
  engine::WebhookDeliveries& deliveries;
  const engine::Clock& clock;
  boost::asio::any_io_executor storageExecutor;  // runs the delivery records' commits
  WebhookSecrets github;
  WebhookSecrets gitlab;
  // Counts every answer as lockstep_webhook_deliveries_total{provider,result}; may be null.
  Metrics* metrics = nullptr;
};

WebhookSecrets github_secrets(const config::ServerConfig& config);
WebhookSecrets gitlab_secrets(const config::ServerConfig& config);

// Answers:
// 401 missing or wrong signature/token, or no secret configured for the repository (nothing is
//     recorded);
// 400 a body that is not JSON, a payload without the fields its event needs (every problem
//     listed), a missing event or delivery header;
// 200 {"provider", "deliveryId", "event", "description", "started": [{pipelineName,
//     pipelineExecutionId, status, reason}], "notStarted": [{pipelineName, reason}]} once the
//     delivery is stored; a ping answers "message", an event Lockstep does not act on "ignored".
//     A redelivery gets the stored answer again, with X-Lockstep-Redelivery: true.
void add_webhook_routes(Router& router, WebhookDeps deps);

}  // namespace lockstep::server

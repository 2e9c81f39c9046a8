// What happens to an authenticated webhook delivery: a redelivery gets its first answer again;
// otherwise its event is matched against every pipeline, the matches are started, and the answer
// is stored durably before it is sent.
#pragma once

#include <functional>
#include <string>

#include "engine/clock.hpp"
#include "engine/orchestrator.hpp"
#include "engine/webhook_deliveries.hpp"
#include "server/router.hpp"
#include "server/webhook_delivery_recorder.hpp"
#include "server/webhook_event.hpp"

namespace lockstep::server {

struct WebhookIntakeDeps {
  engine::Orchestrator& orchestrator;
  engine::WebhookDeliveries& deliveries;  // looked up for redeliveries
  const engine::Clock& clock;
  // Writes the delivery's row, grouped with others in one commit, off the engine's strand.
  DeliveryRecorder& recorder;
};

struct AuthenticatedDelivery {
  std::string provider;    // "github", "gitlab": the deliveries table's key
  std::string deliveryId;  // unique per provider
  std::string eventName;   // X-GitHub-Event / X-Gitlab-Event, echoed in the answer
  std::string payloadHash;
  WebhookEvent event;
};

using WebhookRespond = std::function<void(HttpResponse)>;

// The clientRequestToken of the start a delivery makes for a pipeline: the same delivery never
// starts a pipeline twice, even when its answer was lost in a crash before it was recorded.
std::string webhook_start_token(const std::string& provider, const std::string& delivery_id,
                                const std::string& pipeline_name);

// Answers exactly once, from any thread. 200 with the JSON summary (started pipelines with their
// execution ids, the reason every other pipeline of the repository did not start); 500 or 503,
// unrecorded, when the engine or storage failed, so that the provider delivers again.
void take_delivery(const WebhookIntakeDeps& deps, AuthenticatedDelivery delivery,
                   WebhookRespond respond);

}  // namespace lockstep::server

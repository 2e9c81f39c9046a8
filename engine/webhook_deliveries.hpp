// The durable record of webhook deliveries, so that a redelivery gets the first answer again.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "engine/clock.hpp"

namespace lockstep::engine {

struct WebhookDelivery {
  std::string provider;    // "github", "gitlab"
  std::string deliveryId;  // X-GitHub-Delivery, X-Gitlab-Event-UUID
  Timestamp receivedAt = 0;
  std::string payloadHash;  // hex SHA-256 of the body as received
  std::string response;     // what the delivery was answered, replayed verbatim (JSON text)

  bool operator==(const WebhookDelivery&) const = default;
};

class WebhookDeliveries {
 public:
  virtual ~WebhookDeliveries() = default;

  virtual std::optional<WebhookDelivery> find_delivery(std::string_view provider,
                                                       std::string_view delivery_id) const = 0;

  // Durable when it returns. When the provider and id are already recorded (two copies of one
  // delivery raced), nothing changes and the delivery recorded first is returned.
  virtual WebhookDelivery record_delivery(const WebhookDelivery& delivery) = 0;
};

}  // namespace lockstep::engine

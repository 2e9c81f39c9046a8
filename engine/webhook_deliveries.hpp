// The durable record of webhook deliveries, so that a redelivery gets the first answer again.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

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

  // record_delivery for many deliveries in one transaction (one sync of the log for all of them);
  // returns what is stored for each, in order. Throws and records none when it fails.
  virtual std::vector<WebhookDelivery> record_deliveries(
      const std::vector<WebhookDelivery>& deliveries) = 0;

  // Forgets at most `limit` deliveries received before `cutoff`; returns how many. A provider's
  // redelivery after that is answered as a new delivery.
  virtual std::size_t forget_deliveries_before(Timestamp cutoff, std::size_t limit) = 0;
};

}  // namespace lockstep::engine

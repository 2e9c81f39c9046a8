// Forgets webhook deliveries older than the retention (webhooks.delivery_retention_hours), a
// small batch per transaction so that the writer is never held for long, on a periodic timer.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <cstddef>
#include <memory>

#include "engine/clock.hpp"
#include "engine/webhook_deliveries.hpp"

namespace lockstep::server {

struct DeliveryRetentionOptions {
  std::chrono::milliseconds retention = std::chrono::hours(72);
  std::chrono::milliseconds period = std::chrono::minutes(10);  // between sweeps
  std::size_t batch = 500;                                      // rows per transaction
};

class DeliveryRetention : public std::enable_shared_from_this<DeliveryRetention> {
 public:
  DeliveryRetention(boost::asio::any_io_executor executor, engine::WebhookDeliveries& deliveries,
                    const engine::Clock& clock, DeliveryRetentionOptions options);

  // Sweeps now, then every period, until stop(). Each batch is its own handler, on a strand of
  // `executor`.
  void start();
  void stop();

  // One batch: deletes up to `batch` deliveries received before now minus the retention; returns
  // how many it deleted (fewer than `batch`: none older is left).
  std::size_t sweep_batch();

 private:
  void step();
  void schedule_next_sweep();

  boost::asio::any_io_executor executor_;
  boost::asio::steady_timer timer_;
  engine::WebhookDeliveries& deliveries_;
  const engine::Clock& clock_;
  DeliveryRetentionOptions options_;
  bool stopped_ = false;  // touched on the executor only
};

}  // namespace lockstep::server

#include "server/webhook_delivery_retention.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>

#include <spdlog/spdlog.h>

#include "storage/storage_error.hpp"

namespace lockstep::server {

DeliveryRetention::DeliveryRetention(boost::asio::any_io_executor executor,
                                     engine::WebhookDeliveries& deliveries,
                                     const engine::Clock& clock, DeliveryRetentionOptions options)
    : executor_(boost::asio::make_strand(executor)),
      timer_(executor_),
      deliveries_(deliveries),
      clock_(clock),
      options_(options) {}

void DeliveryRetention::start() {
  boost::asio::post(executor_, [self = shared_from_this()] { self->step(); });
}

void DeliveryRetention::stop() {
  boost::asio::dispatch(executor_, [self = shared_from_this()] {
    self->stopped_ = true;
    self->timer_.cancel();
  });
}

std::size_t DeliveryRetention::sweep_batch() {
  const engine::Timestamp cutoff = clock_.now() - options_.retention.count();
  return deliveries_.forget_deliveries_before(cutoff, options_.batch);
}

void DeliveryRetention::step() {
  if (stopped_) return;
  std::size_t deleted = 0;
  try {
    deleted = sweep_batch();
  } catch (const storage::StorageError& error) {
    // The rows stay until the next sweep; nothing else depends on their going.
    spdlog::warn("cannot delete old webhook deliveries: {}", error.what());
  }
  if (deleted > 0) spdlog::debug("deleted {} webhook deliveries past their retention", deleted);
  if (deleted == options_.batch) {
    // More are due: the next batch queues behind whatever else waits, the writer free between.
    boost::asio::post(executor_, [self = shared_from_this()] { self->step(); });
    return;
  }
  schedule_next_sweep();
}

void DeliveryRetention::schedule_next_sweep() {
  timer_.expires_after(options_.period);
  timer_.async_wait([self = shared_from_this()](boost::system::error_code error) {
    if (!error) self->step();
  });
}

}  // namespace lockstep::server

// Group commit for webhook deliveries: the records that arrive while one transaction commits are
// written together in the next one, so one sync of the log serves many deliveries and a 2xx
// still means the delivery is durable.
#pragma once

#include <boost/asio/any_io_executor.hpp>

#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "engine/webhook_deliveries.hpp"

namespace lockstep::server {

class DeliveryRecorder : public std::enable_shared_from_this<DeliveryRecorder> {
 public:
  // `stored` is what storage holds for the delivery (the first answer when a copy raced it), or
  // null when the transaction failed and nothing was recorded.
  using Recorded = std::function<void(const engine::WebhookDelivery* stored)>;

  // Commits run on `executor`, one at a time.
  DeliveryRecorder(engine::WebhookDeliveries& deliveries, boost::asio::any_io_executor executor);

  // Calls `recorded` once, from the committing thread, after the transaction that holds the
  // delivery committed (or failed).
  void record(engine::WebhookDelivery delivery, Recorded recorded);

  // Deliveries written in one transaction at most.
  static constexpr std::size_t kMaxBatch = 512;

 private:
  struct Pending {
    engine::WebhookDelivery delivery;
    Recorded recorded;
  };
  void commit_waiting();

  engine::WebhookDeliveries& deliveries_;
  boost::asio::any_io_executor executor_;
  std::mutex mutex_;
  std::vector<Pending> waiting_;
  bool committing_ = false;  // a commit_waiting() is posted or running
};

}  // namespace lockstep::server

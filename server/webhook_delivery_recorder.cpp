#include "server/webhook_delivery_recorder.hpp"

#include <boost/asio/post.hpp>

#include <spdlog/spdlog.h>

#include <utility>

#include "storage/storage_error.hpp"

namespace lockstep::server {

DeliveryRecorder::DeliveryRecorder(engine::WebhookDeliveries& deliveries,
                                   boost::asio::any_io_executor executor)
    : deliveries_(deliveries), executor_(std::move(executor)) {}

void DeliveryRecorder::record(engine::WebhookDelivery delivery, Recorded recorded) {
  {
    std::lock_guard lock(mutex_);
    waiting_.push_back({std::move(delivery), std::move(recorded)});
    if (committing_) return;  // the running commit takes it next
    committing_ = true;
  }
  boost::asio::post(executor_, [self = shared_from_this()] { self->commit_waiting(); });
}

void DeliveryRecorder::commit_waiting() {
  for (;;) {
    std::vector<Pending> batch;
    {
      std::lock_guard lock(mutex_);
      if (waiting_.empty()) {
        committing_ = false;
        return;
      }
      if (waiting_.size() <= kMaxBatch) {
        batch.swap(waiting_);
      } else {
        batch.assign(std::make_move_iterator(waiting_.begin()),
                     std::make_move_iterator(waiting_.begin() + kMaxBatch));
        waiting_.erase(waiting_.begin(), waiting_.begin() + kMaxBatch);
      }
    }
    std::vector<engine::WebhookDelivery> records;
    records.reserve(batch.size());
    for (const Pending& p : batch) records.push_back(p.delivery);
    try {
      const auto stored = deliveries_.record_deliveries(records);
      for (std::size_t i = 0; i < batch.size(); ++i) batch[i].recorded(&stored[i]);
    } catch (const storage::StorageError& error) {
      spdlog::error("cannot record {} webhook deliveries: {}", batch.size(), error.what());
      for (const Pending& p : batch) p.recorded(nullptr);
    }
  }
}

}  // namespace lockstep::server

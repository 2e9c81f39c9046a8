#include "server/event_stream.hpp"

#include <algorithm>
#include <utility>

namespace lockstep::server {

EventStream::EventStream(std::size_t max_queued_bytes, std::function<void()> wake)
    : max_queued_bytes_(max_queued_bytes), wake_(std::move(wake)) {}

bool EventStream::send(std::string_view bytes) {
  {
    std::lock_guard lock(mutex_);
    if (ended_ || closing_ || overflowed_) return false;
    if (unwritten_ + bytes.size() > max_queued_bytes_) {
      overflowed_ = true;
      queue_.clear();
    } else {
      queue_.append(bytes);
      unwritten_ += bytes.size();
    }
  }
  wake_();
  std::lock_guard lock(mutex_);
  return !overflowed_;
}

void EventStream::close() {
  {
    std::lock_guard lock(mutex_);
    if (ended_ || closing_) return;
    closing_ = true;
  }
  wake_();
}

void EventStream::on_end(std::function<void()> callback) {
  {
    std::lock_guard lock(mutex_);
    if (!ended_) {
      on_end_ = std::move(callback);
      return;
    }
  }
  if (callback) callback();
}

bool EventStream::overflowed() const {
  std::lock_guard lock(mutex_);
  return overflowed_;
}

bool EventStream::ended() const {
  std::lock_guard lock(mutex_);
  return ended_;
}

EventStream::Batch EventStream::take() {
  std::lock_guard lock(mutex_);
  Batch batch;
  if (overflowed_) {
    batch.abort = true;
    return batch;
  }
  batch.bytes.swap(queue_);
  batch.finish = batch.bytes.empty() && closing_ && unwritten_ == 0;
  return batch;
}

void EventStream::when_drained(std::function<void()> callback) {
  {
    std::lock_guard lock(mutex_);
    if (ended_) return;
    if (unwritten_ > 0) {
      on_drained_ = std::move(callback);
      return;
    }
  }
  callback();
}

void EventStream::written(std::size_t bytes) {
  std::function<void()> callback;
  {
    std::lock_guard lock(mutex_);
    unwritten_ -= std::min(bytes, unwritten_);
    if (unwritten_ == 0) callback.swap(on_drained_);
  }
  if (callback) callback();
}

void EventStream::end() {
  std::function<void()> callback;
  {
    std::lock_guard lock(mutex_);
    if (ended_) return;
    ended_ = true;
    queue_.clear();
    // Dropped here: the callback may hold the handler's state, which may hold this stream.
    callback.swap(on_end_);
    on_drained_ = nullptr;
  }
  if (callback) callback();
}

}  // namespace lockstep::server

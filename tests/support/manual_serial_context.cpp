#include "tests/support/manual_serial_context.hpp"

namespace lockstep::testing {

void ManualSerialContext::post(std::function<void()> task) {
  std::lock_guard lock(mutex_);
  tasks_.push_back(std::move(task));
}

void ManualSerialContext::post_at(engine::Timestamp when, std::function<void()> task) {
  std::lock_guard lock(mutex_);
  timers_.emplace(when, std::move(task));
}

std::size_t ManualSerialContext::run() {
  std::size_t ran = 0;
  for (;;) {
    std::function<void()> task;
    {
      std::lock_guard lock(mutex_);
      if (tasks_.empty()) return ran;
      task = std::move(tasks_.front());
      tasks_.pop_front();
    }
    task();
    ++ran;
  }
}

void ManualSerialContext::advance(std::int64_t ms) {
  const engine::Timestamp until = clock_.now() + ms;
  for (;;) {
    std::function<void()> task;
    {
      std::lock_guard lock(mutex_);
      auto due = timers_.begin();
      if (due == timers_.end() || due->first > until) break;
      if (due->first > clock_.now()) clock_.set(due->first);
      task = std::move(due->second);
      timers_.erase(due);
    }
    task();
    run();
  }
  clock_.set(until);
  run();
}

std::size_t ManualSerialContext::pending_timers() const {
  std::lock_guard lock(mutex_);
  return timers_.size();
}

void ManualSerialContext::crash() {
  std::lock_guard lock(mutex_);
  tasks_.clear();
  timers_.clear();
}

}  // namespace lockstep::testing

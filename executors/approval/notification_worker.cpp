#include "executors/approval/notification_worker.hpp"

#include <spdlog/spdlog.h>

#include <exception>

namespace lockstep::executors::approval {

NotificationWorker::NotificationWorker() : thread_([this] { run(); }) {}

NotificationWorker::~NotificationWorker() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

void NotificationWorker::post(std::function<void()> job) {
  {
    std::lock_guard lock(mutex_);
    jobs_.push_back(std::move(job));
  }
  wake_.notify_one();
}

void NotificationWorker::run() {
  for (;;) {
    std::function<void()> job;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
      if (jobs_.empty()) return;
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    try {
      job();
    } catch (const std::exception& error) {
      spdlog::error("an approval notification failed: {}", error.what());
    }
  }
}

}  // namespace lockstep::executors::approval

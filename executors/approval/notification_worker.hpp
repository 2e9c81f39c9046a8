// One background thread that runs notification jobs in order, so a slow SMTP server or webhook
// never holds up the thread that started the approval.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace lockstep::executors::approval {

class NotificationWorker {
 public:
  NotificationWorker();
  // Runs the jobs already queued, then stops: links stored by a queued job would otherwise never
  // be mailed, since a restart does not send again for an attempt that has links.
  ~NotificationWorker();
  NotificationWorker(const NotificationWorker&) = delete;
  NotificationWorker& operator=(const NotificationWorker&) = delete;

  void post(std::function<void()> job);

 private:
  void run();

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> jobs_;
  bool stopping_ = false;
  std::thread thread_;  // last: starts once the members above exist
};

}  // namespace lockstep::executors::approval

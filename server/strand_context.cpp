// Timers convert the engine's wall-clock deadline into a steady-clock wait once, when armed: a
// wall clock stepped backwards then delays a timer rather than firing it early.
#include "server/strand_context.hpp"

#include <boost/asio/post.hpp>

#include <chrono>

namespace lockstep::server {

StrandContext::StrandContext(boost::asio::io_context& io, const engine::Clock& clock)
    : strand_(boost::asio::make_strand(io)), clock_(clock) {}

void StrandContext::post(std::function<void()> task) {
  boost::asio::post(strand_, std::move(task));
}

void StrandContext::post_at(engine::Timestamp when, std::function<void()> task) {
  const auto delay = std::chrono::milliseconds(std::max<engine::Timestamp>(0, when - clock_.now()));
  auto timer = std::make_shared<Timer>(strand_, delay);
  {
    std::lock_guard lock(mutex_);
    if (stopped_) return;
    timers_.insert(timer);
  }
  timer->async_wait([this, timer, task = std::move(task)](const boost::system::error_code& error) {
    {
      std::lock_guard lock(mutex_);
      timers_.erase(timer);
    }
    if (!error) task();
  });
}

void StrandContext::shutdown() {
  std::lock_guard lock(mutex_);
  stopped_ = true;
  for (const auto& timer : timers_) timer->cancel();
}

}  // namespace lockstep::server

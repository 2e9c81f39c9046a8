// A serial context turned by hand: tasks run only when the test says, timers fire only when the
// test moves the manual clock. Lets orchestrator tests stop the world at any chosen point.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>

#include "engine/clock.hpp"
#include "engine/serial_context.hpp"

namespace lockstep::testing {

class ManualSerialContext final : public engine::SerialContext {
 public:
  explicit ManualSerialContext(engine::ManualClock& clock) : clock_(clock) {}

  void post(std::function<void()> task) override;
  void post_at(engine::Timestamp when, std::function<void()> task) override;

  // Runs queued tasks, and the ones they queue, until none is left; returns how many ran.
  std::size_t run();
  // Moves the clock forward by `ms`, running every timer that comes due in time order.
  void advance(std::int64_t ms);
  std::size_t pending_timers() const;
  // Forgets every queued task and timer without running them: the process died here.
  void crash();

 private:
  engine::ManualClock& clock_;
  mutable std::mutex mutex_;
  std::deque<std::function<void()>> tasks_;
  std::multimap<engine::Timestamp, std::function<void()>> timers_;
};

}  // namespace lockstep::testing

// The one serial context the orchestrator runs on: an Asio strand in the daemon, a queue turned by
// hand in tests. Tasks never run concurrently with each other.
#pragma once

#include <functional>

#include "engine/clock.hpp"

namespace lockstep::engine {

class SerialContext {
 public:
  virtual ~SerialContext() = default;
  // Runs `task` soon, after the tasks posted before it. Callable from any thread.
  virtual void post(std::function<void()> task) = 0;
  // Runs `task` once the Clock reads `when` or later (late rather than never).
  virtual void post_at(Timestamp when, std::function<void()> task) = 0;
};

}  // namespace lockstep::engine

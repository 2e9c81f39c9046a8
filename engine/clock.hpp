// Time as the engine sees it: an interface, so tests drive it by hand.
#pragma once

#include <chrono>
#include <cstdint>

namespace lockstep::engine {

// Milliseconds since the Unix epoch, UTC. The API prints it as fractional seconds.
using Timestamp = std::int64_t;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Timestamp now() const = 0;
};

class SystemClock final : public Clock {
 public:
  Timestamp now() const override {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
};

// A clock that only moves when told to; for deterministic tests.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(Timestamp start = 0) : now_(start) {}
  Timestamp now() const override { return now_; }
  void set(Timestamp t) { now_ = t; }
  void advance(std::int64_t ms) { now_ += ms; }

 private:
  Timestamp now_;
};

}  // namespace lockstep::engine

// The logs of the actions running now, by action execution id, so that a follower (the log
// stream of the HTTP API) can find the LogSink an executor writes to while the action runs.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "executors/local/log_sink.hpp"

namespace lockstep::executors::local {

class LiveLogs {
 public:
  // Opens the action's log (creating its folder) and keeps it findable until it is closed.
  // Throws std::system_error like LogSink.
  std::shared_ptr<LogSink> open(const std::string& action_execution_id,
                                const std::filesystem::path& file);
  // The log of a running action; nullptr once it is closed (or was never opened here).
  std::shared_ptr<LogSink> find(const std::string& action_execution_id) const;

  // Hands the action's log to `opened` once it is open: at once (on this thread) when it is open
  // now, else on the executor's thread when it opens. An action announced as started may not have
  // opened its log yet: its executor may still be waiting for a slot or unpacking inputs.
  // Returns the id to forget() the wait with; 0 when `opened` was called at once.
  using Opened = std::function<void(std::shared_ptr<LogSink>)>;
  std::uint64_t when_open(const std::string& action_execution_id, Opened opened) const;
  void forget(std::uint64_t waiter) const;

 private:
  // Shared with the sinks' end callbacks, so that a sink closed after the registry is gone
  // does no harm.
  struct Registry {
    std::mutex mutex;
    // Weak: a sink that is dropped without close() must not be kept alive here.
    std::unordered_map<std::string, std::weak_ptr<LogSink>> logs;
    struct Waiter {
      std::uint64_t id;
      Opened opened;
    };
    std::unordered_multimap<std::string, Waiter> waiters;  // by action execution id
    std::uint64_t nextWaiter = 1;
  };
  std::shared_ptr<Registry> registry_ = std::make_shared<Registry>();
};

}  // namespace lockstep::executors::local

// The logs of the actions running now, by action execution id, so that a follower (the log
// stream of the HTTP API) can find the LogSink an executor writes to while the action runs.
#pragma once

#include <filesystem>
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

 private:
  // Shared with the sinks' end callbacks, so that a sink closed after the registry is gone
  // does no harm.
  struct Registry {
    std::mutex mutex;
    // Weak: a sink that is dropped without close() must not be kept alive here.
    std::unordered_map<std::string, std::weak_ptr<LogSink>> logs;
  };
  std::shared_ptr<Registry> registry_ = std::make_shared<Registry>();
};

}  // namespace lockstep::executors::local

#include "executors/local/live_logs.hpp"

namespace lockstep::executors::local {

std::shared_ptr<LogSink> LiveLogs::open(const std::string& action_execution_id,
                                        const std::filesystem::path& file) {
  std::filesystem::create_directories(file.parent_path());
  auto sink = std::make_shared<LogSink>(file);
  {
    std::lock_guard lock(registry_->mutex);
    registry_->logs[action_execution_id] = sink;
  }
  // The sink's own end says when to let go: close() calls every follower's on_end.
  std::weak_ptr<Registry> weak = registry_;
  const LogSink* key = sink.get();
  sink->follow({nullptr, [weak, action_execution_id, key] {
                  const auto registry = weak.lock();
                  if (!registry) return;
                  std::lock_guard lock(registry->mutex);
                  const auto found = registry->logs.find(action_execution_id);
                  if (found == registry->logs.end()) return;
                  // A later attempt's sink under the same id is not the one that ended.
                  const auto current = found->second.lock();
                  if (!current || current.get() == key) registry->logs.erase(found);
                }});
  return sink;
}

std::shared_ptr<LogSink> LiveLogs::find(const std::string& action_execution_id) const {
  std::lock_guard lock(registry_->mutex);
  const auto found = registry_->logs.find(action_execution_id);
  return found == registry_->logs.end() ? nullptr : found->second.lock();
}

}  // namespace lockstep::executors::local

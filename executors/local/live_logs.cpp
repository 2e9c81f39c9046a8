#include "executors/local/live_logs.hpp"

#include <vector>

namespace lockstep::executors::local {

std::shared_ptr<LogSink> LiveLogs::open(const std::string& action_execution_id,
                                        const std::filesystem::path& file) {
  std::filesystem::create_directories(file.parent_path());
  auto sink = std::make_shared<LogSink>(file);
  std::vector<Opened> waiting;
  {
    std::lock_guard lock(registry_->mutex);
    registry_->logs[action_execution_id] = sink;
    auto [first, last] = registry_->waiters.equal_range(action_execution_id);
    for (auto it = first; it != last; ++it) waiting.push_back(std::move(it->second.opened));
    registry_->waiters.erase(first, last);
  }
  // Before anything is written: the waiters miss nothing.
  for (const Opened& opened : waiting) opened(sink);
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

std::uint64_t LiveLogs::when_open(const std::string& action_execution_id, Opened opened) const {
  std::shared_ptr<LogSink> open_now;
  {
    std::lock_guard lock(registry_->mutex);
    const auto found = registry_->logs.find(action_execution_id);
    if (found != registry_->logs.end()) open_now = found->second.lock();
    if (!open_now) {
      const std::uint64_t id = registry_->nextWaiter++;
      registry_->waiters.emplace(action_execution_id, Registry::Waiter{id, std::move(opened)});
      return id;
    }
  }
  opened(std::move(open_now));
  return 0;
}

void LiveLogs::forget(std::uint64_t waiter) const {
  if (waiter == 0) return;
  std::lock_guard lock(registry_->mutex);
  for (auto it = registry_->waiters.begin(); it != registry_->waiters.end(); ++it) {
    if (it->second.id == waiter) {
      registry_->waiters.erase(it);
      return;
    }
  }
}

}  // namespace lockstep::executors::local

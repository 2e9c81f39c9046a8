// Listeners are called with the lock held: that is what lets unsubscribe() promise that a
// listener whose stream has gone is never called again.
#include "server/event_hub.hpp"

#include <utility>

namespace lockstep::server {

void EventHub::notify(const engine::Notify& event) {
  {
    std::lock_guard lock(mutex_);
    for (auto& [id, listener] : listeners_) listener(event);
  }
  if (next_) next_->notify(event);
}

std::uint64_t EventHub::subscribe(Listener listener) {
  std::lock_guard lock(mutex_);
  const std::uint64_t id = next_id_++;
  listeners_.emplace(id, std::move(listener));
  return id;
}

void EventHub::unsubscribe(std::uint64_t id) {
  std::lock_guard lock(mutex_);
  listeners_.erase(id);
}

std::size_t EventHub::listeners() const {
  std::lock_guard lock(mutex_);
  return listeners_.size();
}

}  // namespace lockstep::server

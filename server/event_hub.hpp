// Hands the engine's committed events (SEMANTICS §3.7) to whoever listens at the moment, such as
// the HTTP event streams, then passes each event on to the next notifier.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>

#include "engine/notifier.hpp"

namespace lockstep::server {

class EventHub final : public engine::Notifier {
 public:
  // Listeners run on the orchestrator's serial context: they must return quickly, and must not
  // subscribe or unsubscribe from inside the call.
  using Listener = std::function<void(const engine::Notify&)>;

  explicit EventHub(engine::Notifier* next = nullptr) : next_(next) {}

  void notify(const engine::Notify& event) override;

  // Thread-safe. Every event committed after subscribe() returns reaches the listener.
  std::uint64_t subscribe(Listener listener);
  // Thread-safe. Once it returns, the listener is not running and will not run again.
  void unsubscribe(std::uint64_t id);
  std::size_t listeners() const;

 private:
  engine::Notifier* next_;
  mutable std::mutex mutex_;
  std::uint64_t next_id_ = 1;
  std::map<std::uint64_t, Listener> listeners_;
};

}  // namespace lockstep::server

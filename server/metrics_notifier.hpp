// Feeds the action-duration histogram from the engine's events, then passes each event on.
#pragma once

#include <mutex>
#include <string>
#include <unordered_map>

#include "engine/notifier.hpp"
#include "server/metrics.hpp"

namespace lockstep::server {

class MetricsNotifier final : public engine::Notifier {
 public:
  MetricsNotifier(Metrics& metrics, engine::Notifier& next) : metrics_(metrics), next_(next) {}

  void notify(const engine::Notify& event) override;

 private:
  Metrics& metrics_;
  engine::Notifier& next_;
  std::mutex mutex_;
  // Action execution id -> when it started; entries leave when the action finishes.
  std::unordered_map<std::string, engine::Timestamp> started_;
};

}  // namespace lockstep::server

#include "server/metrics_notifier.hpp"

namespace lockstep::server {

void MetricsNotifier::notify(const engine::Notify& event) {
  if (event.subject == engine::EventSubject::ActionExecution) {
    std::lock_guard lock(mutex_);
    if (event.state == "STARTED") {
      started_[event.actionExecutionId] = event.time;
    } else if (const auto found = started_.find(event.actionExecutionId); found != started_.end()) {
      const double seconds = static_cast<double>(event.time - found->second) / 1000.0;
      metrics_.observe_action(event.pipelineName, event.stageName + "/" + event.actionName,
                              event.state, seconds);
      started_.erase(found);
    }
  }
  next_.notify(event);
}

}  // namespace lockstep::server

// Pipeline-level events at info; stage and action events at debug, where the volume belongs.
#include "server/event_log.hpp"

#include <spdlog/spdlog.h>

namespace lockstep::server {

void EventLog::notify(const engine::Notify& event) {
  switch (event.subject) {
    case engine::EventSubject::PipelineExecution:
      spdlog::info("pipeline {} execution {} {}", event.pipelineName, event.pipelineExecutionId,
                   event.state);
      break;
    case engine::EventSubject::StageExecution:
      spdlog::debug("pipeline {} execution {} stage {} {}", event.pipelineName,
                    event.pipelineExecutionId, event.stageName, event.state);
      break;
    case engine::EventSubject::ActionExecution:
      spdlog::debug("pipeline {} execution {} action {}.{} {}", event.pipelineName,
                    event.pipelineExecutionId, event.stageName, event.actionName, event.state);
      break;
  }
}

}  // namespace lockstep::server

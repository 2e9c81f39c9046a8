// The daemon's first listener for execution events: one log line per event, in CodePipeline's
// event vocabulary, so an operator can follow executions in the log.
#pragma once

#include "engine/notifier.hpp"

namespace lockstep::server {

class EventLog final : public engine::Notifier {
 public:
  void notify(const engine::Notify& event) override;
};

}  // namespace lockstep::server

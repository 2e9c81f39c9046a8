// Who hears about executions: the event vocabulary of SEMANTICS §3.7, delivered after commit.
#pragma once

#include "engine/effects.hpp"

namespace lockstep::engine {

class Notifier {
 public:
  virtual ~Notifier() = default;
  // Called on the orchestrator's serial context after the event's batch committed; must not block.
  virtual void notify(const Notify& event) = 0;
};

}  // namespace lockstep::engine

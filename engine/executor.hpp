// Where actions run: the orchestrator hands StartAction and CancelAction effects to an Executor
// only after the batch that decided them has committed.
#pragma once

#include <functional>

#include "engine/commands.hpp"
#include "engine/effects.hpp"

namespace lockstep::engine {

// Reports the end of one attempt. Callable from any thread, exactly once per started attempt.
using CompletionHandler = std::function<void(ActionCompleted)>;

class Executor {
 public:
  virtual ~Executor() = default;

  // Begins one attempt and returns at once. The attempt ends with exactly one call of `done`; a
  // manual approval is answered by an ApprovalResult command instead and never calls it.
  virtual void start(const StartAction& action, CompletionHandler done) = 0;

  // Stop-and-abandon: end the work if it is still running. A later report is ignored anyway.
  virtual void cancel(const CancelAction& cancel) = 0;

  // After a restart: true when the attempt's work outlives this process (a job running on AWS, a
  // person deciding an approval), so start() is called again to pick it up; false when the work
  // died with the process and the attempt fails as "interrupted by server restart".
  virtual bool resumes(const StartAction& action) const = 0;
};

}  // namespace lockstep::engine

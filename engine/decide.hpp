// The engine's single entry point: decide(state, command) -> accepted with effects, or rejected.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/clock.hpp"
#include "engine/commands.hpp"
#include "engine/effects.hpp"
#include "engine/engine_state.hpp"
#include "engine/rule_evaluator.hpp"

namespace lockstep::engine {

// An API error: CodePipeline's exception name and a message for the caller.
struct Rejection {
  std::string exception;
  std::string message;
};

struct Decision {
  std::optional<Rejection> rejection;   // set = refused, and the state is exactly as before
  std::vector<Effect> effects;          // in the order they must be carried out
  std::string pipelineExecutionId;      // Start/Stop/Retry/Rollback: the execution concerned
  std::optional<Timestamp> approvedAt;  // ApprovalResult

  bool accepted() const { return !rejection.has_value(); }
};

// Pure: no I/O, no clock, no randomness. `now` is the command's time as the caller observed it;
// ids the engine needs come from state.ids. Mutates `state` in place (copying it per command
// would be too slow), except that a rejected command leaves it untouched.
Decision decide(EngineState& state, const Command& command, Timestamp now,
                const RuleEvaluators& rules = RuleEvaluators::builtin());

}  // namespace lockstep::engine

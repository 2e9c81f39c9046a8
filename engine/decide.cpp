// decide(): dispatches a command to its handler and guarantees a rejection has no effects.
#include "engine/decide.hpp"

#include "engine/command_handlers.hpp"

namespace lockstep::engine {

Decision decide(EngineState& state, const Command& command, Timestamp now,
                const RuleEvaluators& rules) {
  Decision decision;
  decision.effects.reserve(8);  // a typical step emits a handful; avoids regrowing variants
  DecisionContext ctx{state, now, rules, decision};
  std::visit([&ctx](const auto& c) { handle(ctx, c); }, command);
  if (decision.rejection) decision.effects.clear();
  return decision;
}

}  // namespace lockstep::engine

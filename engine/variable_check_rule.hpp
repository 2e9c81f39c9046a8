// The VariableCheck rule (SEMANTICS §15.4): compares a resolved variable with a value.
#pragma once

#include "engine/rule_evaluator.hpp"

namespace lockstep::engine {

// Configuration: Variable (already resolved), Value, Operator EQ | NE | CONTAINS | MATCHES.
// MATCHES is a whole-string regular-expression match (our decision, §15.4).
class VariableCheckRule final : public RuleEvaluator {
 public:
  RuleEvaluation evaluate(const RuleInput& input) const override;
};

}  // namespace lockstep::engine

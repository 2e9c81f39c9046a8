// The built-in rule evaluators.
#include "engine/rule_evaluator.hpp"

#include "engine/deployment_window_rule.hpp"
#include "engine/variable_check_rule.hpp"

namespace lockstep::engine {

RuleEvaluators RuleEvaluators::with_builtins() {
  RuleEvaluators out;
  out.add("VariableCheck", std::make_shared<VariableCheckRule>());
  out.add("DeploymentWindow", std::make_shared<DeploymentWindowRule>());
  return out;
}

const RuleEvaluators& RuleEvaluators::builtin() {
  static const RuleEvaluators instance = with_builtins();
  return instance;
}

}  // namespace lockstep::engine

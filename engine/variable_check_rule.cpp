// VariableCheck: EQ, NE, CONTAINS, MATCHES on the resolved variable.
#include "engine/variable_check_rule.hpp"

#include <regex>

namespace lockstep::engine {
namespace {

std::string get(const Configuration& c, const char* key) {
  auto it = c.find(key);
  return it == c.end() ? std::string() : it->second;
}

RuleEvaluation verdict(bool ok, const std::string& variable, const std::string& op,
                       const std::string& value) {
  RuleEvaluation out;
  out.status = ok ? RuleExecutionStatus::Succeeded : RuleExecutionStatus::Failed;
  out.summary =
      "VariableCheck: '" + variable + "' " + op + " '" + value + "' is " + (ok ? "true" : "false");
  return out;
}

}  // namespace

RuleEvaluation VariableCheckRule::evaluate(const RuleInput& input) const {
  const Configuration& c = input.resolvedConfiguration;
  const std::string variable = get(c, "Variable");
  const std::string value = get(c, "Value");
  const std::string op = get(c, "Operator");
  if (op == "EQ") return verdict(variable == value, variable, op, value);
  if (op == "NE") return verdict(variable != value, variable, op, value);
  if (op == "CONTAINS")
    return verdict(variable.find(value) != std::string::npos, variable, op, value);
  if (op == "MATCHES") {
    try {
      return verdict(std::regex_match(variable, std::regex(value)), variable, op, value);
    } catch (const std::regex_error&) {
      return {
          RuleExecutionStatus::Failed, "VariableCheck: invalid regular expression " + value, {}};
    }
  }
  return {RuleExecutionStatus::Failed, "VariableCheck: unknown operator '" + op + "'", {}};
}

}  // namespace lockstep::engine

// Pluggable evaluation of stage-condition rules (SEMANTICS §15): one evaluator per rule provider.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "engine/clock.hpp"
#include "engine/execution_status.hpp"
#include "engine/pipeline_declaration.hpp"

namespace lockstep::engine {

struct RuleInput {
  const RuleDeclaration& rule;
  const Configuration& resolvedConfiguration;  // #{ns.key} already substituted
  Timestamp now = 0;
};

struct RuleEvaluation {
  RuleExecutionStatus status = RuleExecutionStatus::Succeeded;  // InProgress = not decided yet
  std::string summary;
  std::optional<Timestamp> recheckAt;  // when InProgress: evaluate again at this time
};

// Evaluators are pure: no I/O, no clock reads (the time comes in RuleInput), so decide stays pure.
class RuleEvaluator {
 public:
  virtual ~RuleEvaluator() = default;
  virtual RuleEvaluation evaluate(const RuleInput& input) const = 0;
};

class RuleEvaluators {
 public:
  // VariableCheck and DeploymentWindow.
  static const RuleEvaluators& builtin();
  static RuleEvaluators with_builtins();

  void add(std::string provider, std::shared_ptr<const RuleEvaluator> evaluator) {
    by_provider_[std::move(provider)] = std::move(evaluator);
  }
  const RuleEvaluator* find(const std::string& provider) const {
    auto it = by_provider_.find(provider);
    return it == by_provider_.end() ? nullptr : it->second.get();
  }

 private:
  std::map<std::string, std::shared_ptr<const RuleEvaluator>> by_provider_;
};

}  // namespace lockstep::engine

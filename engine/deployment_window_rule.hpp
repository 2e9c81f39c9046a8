// The DeploymentWindow rule (SEMANTICS §15.4): succeeds inside a cron window, waits outside it.
#pragma once

#include <memory>

#include "engine/rule_evaluator.hpp"
#include "engine/time_zones.hpp"

namespace lockstep::engine {

// Configuration: Cron (Quartz subset, see cron_expression.hpp) and TimeZone, read on the zone's
// wall clock. Which zones exist is the TimeZones' answer: fixed offsets only by default, IANA
// names when the daemon passes its database. An unknown zone fails the rule and names the zone.
// Daylight-saving changes (DECISIONS.md): a local minute skipped by a spring-forward opens the
// window as far after the change as it lay after the skipped hour's start (02:30 -> 03:30); a
// local minute repeated by a fall-back is inside the window both times the clock shows it.
class DeploymentWindowRule final : public RuleEvaluator {
 public:
  DeploymentWindowRule();
  explicit DeploymentWindowRule(std::shared_ptr<const TimeZones> zones);
  RuleEvaluation evaluate(const RuleInput& input) const override;

 private:
  std::shared_ptr<const TimeZones> zones_;
};

}  // namespace lockstep::engine

// The DeploymentWindow rule (SEMANTICS §15.4): succeeds inside a cron window, waits outside it.
#pragma once

#include <optional>
#include <string_view>

#include "engine/rule_evaluator.hpp"

namespace lockstep::engine {

// Configuration: Cron (Quartz subset, see cron_expression.hpp) and TimeZone. Time zones are
// UTC/GMT/Z and fixed offsets UTC+HH:MM / UTC-HH:MM; Region/City names need a time zone
// database, which a pure evaluator cannot read, so they fail the rule with a clear summary.
class DeploymentWindowRule final : public RuleEvaluator {
 public:
  RuleEvaluation evaluate(const RuleInput& input) const override;
};

// Offset of a supported time zone in milliseconds east of UTC; empty when unsupported.
std::optional<Timestamp> time_zone_offset(std::string_view zone);

}  // namespace lockstep::engine

// DeploymentWindow: inside the window now, or InProgress with a re-check at the window's start.
#include "engine/deployment_window_rule.hpp"

#include "engine/cron_expression.hpp"

namespace lockstep::engine {

std::optional<Timestamp> time_zone_offset(std::string_view zone) {
  if (zone.empty() || zone == "UTC" || zone == "GMT" || zone == "Z" || zone == "Etc/UTC") {
    return Timestamp{0};
  }
  if ((zone.starts_with("UTC") || zone.starts_with("GMT")) && zone.size() == 9 &&
      (zone[3] == '+' || zone[3] == '-') && zone[6] == ':') {
    auto digit = [&](std::size_t i) { return zone[i] >= '0' && zone[i] <= '9'; };
    if (!digit(4) || !digit(5) || !digit(7) || !digit(8)) return std::nullopt;
    const int hours = (zone[4] - '0') * 10 + (zone[5] - '0');
    const int minutes = (zone[7] - '0') * 10 + (zone[8] - '0');
    if (hours > 14 || minutes > 59) return std::nullopt;
    const Timestamp offset = (static_cast<Timestamp>(hours) * 60 + minutes) * 60 * 1000;
    return zone[3] == '+' ? offset : -offset;
  }
  return std::nullopt;
}

RuleEvaluation DeploymentWindowRule::evaluate(const RuleInput& input) const {
  const Configuration& c = input.resolvedConfiguration;
  auto cron_it = c.find("Cron");
  auto zone_it = c.find("TimeZone");
  const std::string zone = zone_it == c.end() ? std::string("UTC") : zone_it->second;
  std::string error;
  auto cron = cron_it == c.end() ? std::nullopt : CronExpression::parse(cron_it->second, error);
  if (!cron) {
    return {RuleExecutionStatus::Failed,
            "DeploymentWindow: " + (error.empty() ? std::string("Cron is required") : error),
            {}};
  }
  const auto offset = time_zone_offset(zone);
  if (!offset) {
    return {RuleExecutionStatus::Failed, "DeploymentWindow: unsupported time zone " + zone, {}};
  }
  const Timestamp local = input.now + *offset;
  if (cron->matches_minute(local)) {
    return {RuleExecutionStatus::Succeeded, "Inside the deployment window", {}};
  }
  auto next = cron->next_minute(local);
  if (!next) {
    return {RuleExecutionStatus::Failed, "DeploymentWindow: the window never opens", {}};
  }
  return {RuleExecutionStatus::InProgress, "Waiting for the deployment window", *next - *offset};
}

}  // namespace lockstep::engine

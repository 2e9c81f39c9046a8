// DeploymentWindow: inside the window now, or InProgress with a re-check at the window's start.
#include "engine/deployment_window_rule.hpp"

#include <algorithm>
#include <limits>
#include <string>

#include "engine/cron_expression.hpp"

namespace lockstep::engine {
namespace {

constexpr Timestamp kMinute = 60 * 1000;
// Periods walked looking for the next opening: two daylight-saving changes a year, and the cron
// search itself gives up after about five years.
constexpr int kMaxPeriods = 24;

Timestamp floor_minute(Timestamp t) {
  return t >= 0 ? t - t % kMinute : t - ((t % kMinute) + kMinute) % kMinute;
}

// The local minutes a spring-forward at the start of `p` skipped: [p.begin, p.begin + gap) in
// instants, where each skipped local minute opens (java.time's reading of a local time in a gap).
struct Gap {
  Timestamp offsetBefore = 0;
  Timestamp end = 0;  // instant the skipped local minutes stop mapping to
};

std::optional<Gap> gap_at_start(const TimeZones& zones, std::string_view zone,
                                const UtcOffsetPeriod& p) {
  if (p.begin == std::numeric_limits<Timestamp>::min()) return std::nullopt;
  const auto before = zones.period(zone, p.begin - 1);
  if (!before || before->offset >= p.offset) return std::nullopt;
  return Gap{before->offset, p.begin + (p.offset - before->offset)};
}

class WindowSearch {
 public:
  WindowSearch(const TimeZones& zones, std::string_view zone, const CronExpression& cron)
      : zones_(zones), zone_(zone), cron_(cron) {}

  // Whether the minute starting at instant `t` is inside the window.
  bool inside(Timestamp t, const UtcOffsetPeriod& p) const {
    if (cron_.matches_minute(t + p.offset)) return true;
    const auto gap = gap_at_start(zones_, zone_, p);
    return gap && t < gap->end && cron_.matches_minute(t + gap->offsetBefore);
  }

  // The first instant at or after the minute-aligned `t` whose minute is inside the window.
  std::optional<Timestamp> next_opening(Timestamp t) const {
    for (int i = 0; i < kMaxPeriods; ++i) {
      const auto p = zones_.period(zone_, t);
      if (!p) return std::nullopt;
      std::optional<Timestamp> found;
      if (const auto gap = gap_at_start(zones_, zone_, *p); gap && t < gap->end) {
        const auto local = cron_.next_minute(t + gap->offsetBefore);
        if (local && *local - gap->offsetBefore < gap->end) found = *local - gap->offsetBefore;
      }
      const auto local = cron_.next_minute(t + p->offset);
      if (local && *local - p->offset < p->end) {
        found = found ? std::min(*found, *local - p->offset) : *local - p->offset;
      }
      if (found) return found;
      if (!local || p->end == std::numeric_limits<Timestamp>::max()) return std::nullopt;
      t = p->end;
    }
    return std::nullopt;
  }

 private:
  const TimeZones& zones_;
  std::string_view zone_;
  const CronExpression& cron_;
};

}  // namespace

DeploymentWindowRule::DeploymentWindowRule()
    : zones_(std::make_shared<const FixedOffsetTimeZones>()) {}

DeploymentWindowRule::DeploymentWindowRule(std::shared_ptr<const TimeZones> zones)
    : zones_(std::move(zones)) {}

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
  const Timestamp minute = floor_minute(input.now);
  const auto here = zones_->period(zone, minute);
  if (!here) {
    return {RuleExecutionStatus::Failed,
            "DeploymentWindow: the time zone " + zone +
                " is not known (use an IANA name such as Europe/Berlin, UTC, or UTC+HH:MM)",
            {}};
  }
  const WindowSearch search(*zones_, zone, *cron);
  if (search.inside(minute, *here)) {
    return {RuleExecutionStatus::Succeeded, "Inside the deployment window", {}};
  }
  const auto next = search.next_opening(minute + kMinute);
  if (!next) {
    return {RuleExecutionStatus::Failed, "DeploymentWindow: the window never opens", {}};
  }
  return {RuleExecutionStatus::InProgress, "Waiting for the deployment window", *next};
}

}  // namespace lockstep::engine

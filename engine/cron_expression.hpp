// The Quartz-style cron subset of DeploymentWindow rules (SEMANTICS §15.4).
#pragma once

#include <bitset>
#include <optional>
#include <string>
#include <string_view>

#include "engine/clock.hpp"

namespace lockstep::engine {

// seconds minutes hours day-of-month month day-of-week [year]. Supported: * ? lists a,b ranges
// a-b steps a/b and */b, month and weekday names, L, nW and LW in day-of-month, and n#k / nL in
// day-of-week (weekday 1 = SUN).
class CronExpression {
 public:
  static std::optional<CronExpression> parse(std::string_view text, std::string& error);

  // Whether the minute containing `local_ms` (a time already shifted into the rule's zone)
  // matches every field except seconds (our reading of "inside the window", §15.4).
  bool matches_minute(Timestamp local_ms) const;
  // The first minute at or after `local_ms` that matches, searching up to ~5 years ahead.
  std::optional<Timestamp> next_minute(Timestamp local_ms) const;

 private:
  bool day_matches(int year, int month, int day, int weekday) const;

  std::bitset<60> minutes_;
  std::bitset<24> hours_;
  std::bitset<32> days_;       // 1..31
  std::bitset<13> months_;     // 1..12
  std::bitset<8> weekdays_;    // 1..7, 1 = Sunday
  bool any_day_ = true;        // day-of-month is * or ?
  bool any_weekday_ = true;    // day-of-week is * or ?
  bool last_day_ = false;      // L in day-of-month
  bool last_weekday_ = false;  // LW: the last Monday-to-Friday of the month
  int nearest_weekday_ = 0;    // nW: the Monday-to-Friday nearest day n, within its month
  int nth_weekday_ = 0;        // n#k: weekday n ...
  int nth_ = 0;                // ... k-th in the month (-1 = last, from nL)
  std::bitset<200> years_;     // 1970..2169
  bool any_year_ = true;
};

}  // namespace lockstep::engine

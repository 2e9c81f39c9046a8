// IanaTimeZones on date/tz.h with the operating system's zoneinfo files (USE_OS_TZDB=1).
#include "server/iana_time_zones.hpp"

#include <date/tz.h>

#include <chrono>
#include <limits>
#include <stdexcept>
#include <string>

namespace lockstep::server {

std::optional<engine::UtcOffsetPeriod> IanaTimeZones::period(std::string_view zone,
                                                             engine::Timestamp at) const {
  if (const auto fixed = engine::fixed_time_zone_offset(zone)) {
    return engine::UtcOffsetPeriod{std::numeric_limits<engine::Timestamp>::min(),
                                   std::numeric_limits<engine::Timestamp>::max(), *fixed};
  }
  // Names are short; anything longer than the longest zone name is no zone.
  if (zone.size() > 64) return std::nullopt;
  const date::time_zone* tz = nullptr;
  try {
    tz = date::locate_zone(std::string(zone));
  } catch (const std::runtime_error&) {
    return std::nullopt;  // not in the database
  }
  using std::chrono::milliseconds;
  const date::sys_info info = tz->get_info(date::sys_time<milliseconds>{milliseconds{at}});
  const auto ms = [](date::sys_seconds t) {
    return std::chrono::duration_cast<milliseconds>(t.time_since_epoch()).count();
  };
  return engine::UtcOffsetPeriod{ms(info.begin), ms(info.end),
                                 std::chrono::duration_cast<milliseconds>(info.offset).count()};
}

}  // namespace lockstep::server

// Fixed-offset time zones: the ones a pure engine can answer without a database.
#include "engine/time_zones.hpp"

#include <limits>

namespace lockstep::engine {

std::optional<Timestamp> fixed_time_zone_offset(std::string_view zone) {
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

std::optional<UtcOffsetPeriod> FixedOffsetTimeZones::period(std::string_view zone,
                                                            Timestamp) const {
  const auto offset = fixed_time_zone_offset(zone);
  if (!offset) return std::nullopt;
  return UtcOffsetPeriod{std::numeric_limits<Timestamp>::min(),
                         std::numeric_limits<Timestamp>::max(), *offset};
}

}  // namespace lockstep::engine

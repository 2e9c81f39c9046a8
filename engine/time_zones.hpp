// The time-zone question DeploymentWindow rules ask: which UTC offset applies where, and until
// when.
#pragma once

#include <optional>
#include <string_view>

#include "engine/clock.hpp"

namespace lockstep::engine {

// A span of instants over which a zone's UTC offset does not change: [begin, end), milliseconds
// since the epoch, and the offset in milliseconds east of UTC.
struct UtcOffsetPeriod {
  Timestamp begin = 0;
  Timestamp end = 0;
  Timestamp offset = 0;
};

// Answers from a time zone database live outside the engine; the engine only asks. A period
// rather than a bare offset lets the window search step from one daylight-saving change to the
// next without probing.
class TimeZones {
 public:
  virtual ~TimeZones() = default;
  // The period of `zone` that contains `at`; empty when the zone is unknown.
  virtual std::optional<UtcOffsetPeriod> period(std::string_view zone, Timestamp at) const = 0;
};

// UTC/GMT/Z/Etc/UTC and fixed offsets UTC+HH:MM / UTC-HH:MM (GMT± too): the forms that need no
// database. The daemon's database answers these too, before it looks a name up.
class FixedOffsetTimeZones final : public TimeZones {
 public:
  std::optional<UtcOffsetPeriod> period(std::string_view zone, Timestamp at) const override;
};

// Offset of a fixed-offset zone in milliseconds east of UTC; empty for any other name.
std::optional<Timestamp> fixed_time_zone_offset(std::string_view zone);

}  // namespace lockstep::engine

// IANA time zones for DeploymentWindow rules, read from the system's /usr/share/zoneinfo.
#pragma once

#include "engine/time_zones.hpp"

namespace lockstep::server {

// The only user of Howard Hinnant's date/tz library. Fixed offsets (UTC, UTC+05:30) are answered
// first, as the engine answers them; any other name is looked up in the system database.
class IanaTimeZones final : public engine::TimeZones {
 public:
  std::optional<engine::UtcOffsetPeriod> period(std::string_view zone,
                                                engine::Timestamp at) const override;
};

}  // namespace lockstep::server

// Deterministic ids for the engine: lowercase UUID-shaped strings from a seed and a counter.
#pragma once

#include <cstdint>
#include <string>

#include "engine/clock.hpp"

namespace lockstep::engine {

// The engine never draws randomness: ids it needs while deciding (executions, action executions,
// timers, rules, approval tokens) come from this plain value inside the state. The orchestrator
// seeds it once from a real random source; the counter makes every id unique and the whole
// decision replayable.
struct IdSource {
  std::uint64_t seed = 0;
  std::uint64_t counter = 0;

  // A record's id: a version 7 UUID (RFC 9562) on the decision's time, so ids made later sort
  // later and the rows storage keys by them are written next to each other.
  std::string next(Timestamp now);
  // A secret (an approval token): a version 4 UUID whose every bit comes from the mix.
  std::string next_token();

  bool operator==(const IdSource&) const = default;
};

}  // namespace lockstep::engine

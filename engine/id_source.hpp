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

  // A version 4 UUID (every bit but the version and variant mixed): what API.md asks of
  // pipeline execution ids and approval tokens.
  std::string next_random();
  // A version 7 UUID (RFC 9562) on the decision's time, for ids API.md leaves free (action
  // executions, timers, rule executions): ids made later sort later, so the rows and index
  // entries storage keys by them are written side by side instead of on random pages.
  std::string next_ordered(Timestamp now);

  bool operator==(const IdSource&) const = default;
};

}  // namespace lockstep::engine

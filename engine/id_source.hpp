// Deterministic ids for the engine: lowercase UUID-shaped strings from a seed and a counter.
#pragma once

#include <cstdint>
#include <string>

namespace lockstep::engine {

// The engine never draws randomness: ids it needs while deciding (action executions, approval
// tokens, timers, automatic rollbacks) come from this plain value inside the state. The
// orchestrator seeds it once from a real random source; the counter makes every id unique and the
// whole decision replayable.
struct IdSource {
  std::uint64_t seed = 0;
  std::uint64_t counter = 0;

  std::string next();

  bool operator==(const IdSource&) const = default;
};

}  // namespace lockstep::engine

// How many finished executions the engine keeps in memory; storage keeps them all.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "engine/engine_state.hpp"

namespace lockstep::engine {

// Forgets the oldest finished executions of `pipelineName` beyond the `keep` most recent. Never
// forgets one that is still running or that a stage state names (lock holder, waiter, held,
// latest execution), so retries, approvals and GetPipelineState see everything they can act on.
// Returns the ids forgotten.
std::vector<std::string> forget_finished_executions(EngineState& state,
                                                    const std::string& pipelineName,
                                                    std::size_t keep);

}  // namespace lockstep::engine

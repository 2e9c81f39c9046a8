// Rebuilds the engine's state from what the orchestrator's commits left in storage.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "engine/engine_state.hpp"
#include "engine/execution_store.hpp"

namespace lockstep::engine {

// A pipeline declaration by name and version; empty when storage no longer has it.
using DeclarationLookup =
    std::function<std::optional<PipelineDeclaration>(const std::string& name, int version)>;

// `current` holds every pipeline's current declaration. Executions of pipelines that no longer
// exist are dropped; derived values (start order, active counts, the approval token index) are
// recomputed rather than trusted. `seed` is used only when storage has no id source yet.
EngineState restore_engine_state(StoredExecutionState stored,
                                 const std::vector<PipelineDeclaration>& current,
                                 const DeclarationLookup& version_of, EngineSettings settings,
                                 IdSource seed);

}  // namespace lockstep::engine

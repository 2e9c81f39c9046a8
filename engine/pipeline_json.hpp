// A pipeline declaration as the API writes it: CodePipeline's JSON shape, defaults filled in.
#pragma once

#include <nlohmann/json.hpp>

#include "engine/pipeline_declaration.hpp"

namespace lockstep::engine {

// Canonical form: members in the model's names, absent optionals omitted, never null.
// parse_pipeline_declaration(to_json(d).dump()) gives back d.
nlohmann::json to_json(const PipelineDeclaration& declaration);

}  // namespace lockstep::engine

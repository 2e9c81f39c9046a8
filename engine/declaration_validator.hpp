// Checks a typed pipeline declaration against CodePipeline's structural rules (SEMANTICS §2.1).
#pragma once

#include "engine/pipeline_declaration.hpp"
#include "engine/problem.hpp"

namespace lockstep::engine {

// Every rule violation, each with its path ("pipeline.stages[1].actions[0].namespace") and API
// exception; lines are left 0 (the parser fills them from its source map). Shape constraints
// (lengths, patterns, JSON types) belong to the parser and are not repeated here.
Problems validate_pipeline_declaration(const PipelineDeclaration& declaration);

// True when the declaration uses a feature that needs pipelineType V2 (rule 14): QUEUED or
// PARALLEL mode, pipeline variables, triggers, stage conditions, or a Compute action.
bool uses_v2_features(const PipelineDeclaration& declaration);

}  // namespace lockstep::engine

// Readers that turn each part of a declaration document into the typed PipelineDeclaration.
#pragma once

#include <string>

#include <yaml-cpp/yaml.h>

#include "engine/declaration_reader.hpp"
#include "engine/pipeline_declaration.hpp"

namespace lockstep::engine {

struct ReadDeclaration {
  PipelineDeclaration declaration;
  bool pipeline_type_given = false;  // absent pipelineType is inferred (SEMANTICS §2.1 rule 14)
};

// The document root: a bare PipelineDeclaration, or get-pipeline's {"pipeline", "metadata"}.
// Either way the declaration's path is "pipeline".
ReadDeclaration read_declaration_document(DeclarationReader& reader, const YAML::Node& root);

StageDeclaration read_stage(DeclarationReader& reader, const YAML::Node& node,
                            const std::string& path);
ActionDeclaration read_action(DeclarationReader& reader, const YAML::Node& node,
                              const std::string& path);
PipelineTriggerDeclaration read_trigger(DeclarationReader& reader, const YAML::Node& node,
                                        const std::string& path);
// `inputArtifacts` of actions and rules: a list of {"name": ...}.
std::vector<std::string> read_input_artifacts(DeclarationReader& reader, const YAML::Node& node,
                                              const std::string& path);

}  // namespace lockstep::engine

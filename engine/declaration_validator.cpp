// Runs every group of declaration rules; see declaration_rules.hpp for the groups.
#include "engine/declaration_validator.hpp"

#include "engine/declaration_rules.hpp"

namespace lockstep::engine {

Problems validate_pipeline_declaration(const PipelineDeclaration& declaration) {
  Problems problems;
  rules::check_structure(declaration, problems);
  rules::check_pipeline_type(declaration, problems);
  rules::check_action_types(declaration, problems);
  rules::check_artifacts(declaration, problems);
  rules::check_variables(declaration, problems);
  rules::check_conditions(declaration, problems);
  rules::check_triggers(declaration, problems);
  return problems;
}

}  // namespace lockstep::engine

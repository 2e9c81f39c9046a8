// Pipeline type rules: features that need V2, and rejecting them on an explicit V1 pipeline
// (SEMANTICS §2.1 rule 14).
#include "engine/declaration_rules.hpp"
#include "engine/declaration_validator.hpp"

namespace lockstep::engine {
namespace {

bool has_conditions(const StageDeclaration& stage) {
  return stage.onFailure.has_value() || !stage.onSuccess.empty() || !stage.beforeEntry.empty();
}

}  // namespace

bool uses_v2_features(const PipelineDeclaration& d) {
  if (d.executionMode != ExecutionMode::Superseded || !d.variables.empty() || !d.triggers.empty()) {
    return true;
  }
  for (const auto& stage : d.stages) {
    if (has_conditions(stage)) return true;
    for (const auto& action : stage.actions) {
      if (action.actionTypeId.category == ActionCategory::Compute) return true;
    }
  }
  return false;
}

namespace rules {

void check_pipeline_type(const PipelineDeclaration& d, Problems& out) {
  if (d.pipelineType != PipelineType::V1) return;
  const std::string needs = " requires pipelineType V2, but the pipeline declares V1";
  const std::string need = " require pipelineType V2, but the pipeline declares V1";
  if (d.executionMode != ExecutionMode::Superseded) {
    add(out, "pipeline.executionMode",
        std::string("executionMode ") + to_string(d.executionMode) + needs,
        exception::kInvalidStructure);
  }
  if (!d.variables.empty()) {
    add(out, "pipeline.variables", "pipeline variables" + need, exception::kInvalidStructure);
  }
  if (!d.triggers.empty()) {
    add(out, "pipeline.triggers", "triggers" + need, exception::kInvalidStructure);
  }
  for (std::size_t s = 0; s < d.stages.size(); ++s) {
    const StageDeclaration& stage = d.stages[s];
    auto condition_problem = [&](const char* member) {
      add(out, stage_path(s) + "." + member,
          std::string(member) + " conditions of stage " + quoted(stage.name) + need,
          exception::kInvalidStructure);
    };
    if (stage.beforeEntry.size() > 0) condition_problem("beforeEntry");
    if (stage.onSuccess.size() > 0) condition_problem("onSuccess");
    if (stage.onFailure) condition_problem("onFailure");
    for (std::size_t a = 0; a < stage.actions.size(); ++a) {
      if (stage.actions[a].actionTypeId.category == ActionCategory::Compute) {
        add(out, action_path(s, a) + ".actionTypeId", "Compute " + action_name(d, s, a) + needs,
            exception::kInvalidStructure);
      }
    }
  }
}

}  // namespace rules
}  // namespace lockstep::engine

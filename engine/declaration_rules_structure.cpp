// Structural rules: stage and action counts, unique names, where Source actions may be, artifact
// store, blockers, and pipeline variable names (SEMANTICS §2.1 rules 1-3, 5, 16).
#include <set>

#include "engine/declaration_rules.hpp"

namespace lockstep::engine::rules {
namespace {

void check_stage_count(const PipelineDeclaration& d, Problems& out) {
  const std::size_t count = d.stages.size();
  if (count < 2) {
    add(out, "pipeline.stages",
        "a pipeline needs at least 2 stages, found " + std::to_string(count),
        exception::kInvalidStructure);
  } else if (count > 50) {
    add(out, "pipeline.stages",
        "a pipeline can have at most 50 stages, found " + std::to_string(count),
        exception::kInvalidStructure);
  }
}

void check_stage(const PipelineDeclaration& d, std::size_t s, Problems& out) {
  const StageDeclaration& stage = d.stages[s];
  const std::size_t count = stage.actions.size();
  if (count < 1 || count > 50) {
    add(out, stage_path(s) + ".actions",
        "stage " + quoted(stage.name) + " must have 1 to 50 actions, found " +
            std::to_string(count),
        exception::kInvalidStage);
  }
  if (!stage.blockers.empty()) {
    add(out, stage_path(s) + ".blockers",
        "stage " + quoted(stage.name) +
            " declares blockers, which CodePipeline does not support; remove them",
        exception::kInvalidBlocker);
  }
  std::set<std::string> names;
  for (std::size_t a = 0; a < count; ++a) {
    const ActionDeclaration& action = stage.actions[a];
    if (!action.name.empty() && !names.insert(action.name).second) {
      add(out, action_path(s, a) + ".name",
          "action name " + quoted(action.name) + " is used more than once in stage " +
              quoted(stage.name) + "; action names must be unique within a stage",
          exception::kInvalidAction);
    }
    if (!type_known(action)) continue;
    const bool source = is_source(action);
    if (s == 0 && !source) {
      add(out, action_path(s, a) + ".actionTypeId.category",
          action_name(d, s, a) + " has category " + to_string(action.actionTypeId.category) +
              "; the first stage may only contain Source actions",
          exception::kInvalidStructure);
    } else if (s > 0 && source) {
      add(out, action_path(s, a) + ".actionTypeId.category",
          "Source " + action_name(d, s, a) +
              " is not in the first stage; Source actions are only allowed in the first stage",
          exception::kInvalidStructure);
    }
  }
}

void check_non_source_exists(const PipelineDeclaration& d, Problems& out) {
  std::size_t actions = 0;
  for (const auto& stage : d.stages) {
    for (const auto& action : stage.actions) {
      if (!is_source(action)) return;
      ++actions;
    }
  }
  if (actions > 0) {
    add(out, "pipeline.stages",
        "the pipeline has only Source actions; at least one stage needs an action of another "
        "category",
        exception::kInvalidStructure);
  }
}

void check_artifact_store(const PipelineDeclaration& d, Problems& out) {
  if (d.artifactStore && !d.artifactStores.empty()) {
    add(out, "pipeline.artifactStores",
        "artifactStore and artifactStores cannot both be given; use artifactStore for a "
        "single-region pipeline or artifactStores keyed by region",
        exception::kInvalidStructure);
  } else if (!d.artifactStore && d.artifactStores.empty()) {
    add(out, "pipeline.artifactStore",
        "the pipeline needs an artifactStore (or artifactStores keyed by region)",
        exception::kInvalidStructure);
  }
}

void check_variable_names(const PipelineDeclaration& d, Problems& out) {
  std::set<std::string> names;
  for (std::size_t v = 0; v < d.variables.size(); ++v) {
    const std::string& name = d.variables[v].name;
    if (!name.empty() && !names.insert(name).second) {
      add(out, "pipeline.variables[" + std::to_string(v) + "].name",
          "pipeline variable " + quoted(name) +
              " is declared more than once; variable names must be unique",
          exception::kInvalidStructure);
    }
  }
}

}  // namespace

void check_structure(const PipelineDeclaration& d, Problems& out) {
  check_stage_count(d, out);
  check_artifact_store(d, out);
  std::set<std::string> stage_names;
  for (std::size_t s = 0; s < d.stages.size(); ++s) {
    const std::string& name = d.stages[s].name;
    if (!name.empty() && !stage_names.insert(name).second) {
      add(out, stage_path(s) + ".name",
          "stage name " + quoted(name) +
              " is used more than once; stage names must be unique within a pipeline",
          exception::kInvalidStage);
    }
    check_stage(d, s, out);
  }
  check_non_source_exists(d, out);
  check_variable_names(d, out);
}

}  // namespace lockstep::engine::rules

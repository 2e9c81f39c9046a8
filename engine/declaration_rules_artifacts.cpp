// Artifact rules: output names unique pipeline-wide, and every input produced by an action that
// runs strictly earlier (SEMANTICS §2.1 rules 6-7, §12.1).
#include <map>
#include <set>

#include "engine/declaration_rules.hpp"

namespace lockstep::engine::rules {
namespace {

struct Producer {
  std::size_t stage = 0;
  std::size_t action = 0;
  Position position;
};

using Producers = std::map<std::string, Producer>;

Producers collect_producers(const PipelineDeclaration& d, Problems& out) {
  Producers producers;
  for (std::size_t s = 0; s < d.stages.size(); ++s) {
    const auto& actions = d.stages[s].actions;
    for (std::size_t a = 0; a < actions.size(); ++a) {
      for (std::size_t o = 0; o < actions[a].outputArtifacts.size(); ++o) {
        const std::string& name = actions[a].outputArtifacts[o].name;
        if (name.empty()) continue;
        Producer here{s, a, Position{s, actions[a].runOrder}};
        auto [it, inserted] = producers.emplace(name, here);
        if (!inserted) {
          add(out, action_path(s, a) + ".outputArtifacts[" + std::to_string(o) + "].name",
              "output artifact name " + quoted(name) + " is already produced by " +
                  action_name(d, it->second.stage, it->second.action) +
                  "; output artifact names must be unique in the pipeline",
              exception::kInvalidStructure);
        }
      }
    }
  }
  return producers;
}

// `consumer` names who reads the artifact in messages; `position` is when it runs.
void check_input(const PipelineDeclaration& d, const Producers& producers, const std::string& name,
                 const std::string& path, const std::string& consumer, const Position& position,
                 Problems& out) {
  const auto it = producers.find(name);
  if (it == producers.end()) {
    add(out, path,
        "input artifact " + quoted(name) + " of " + consumer +
            " is not produced by any action in the pipeline",
        exception::kInvalidStructure);
    return;
  }
  const Producer& producer = it->second;
  if (runs_before(producer.position, position)) return;
  std::string why;
  if (producer.stage == position.stage) {
    why = producer.position.run_order == position.run_order
              ? " (both run in runOrder " + std::to_string(position.run_order) + ")"
              : " (its runOrder " + std::to_string(producer.position.run_order) +
                    " is not smaller than " + std::to_string(position.run_order) + ")";
  } else {
    why = " (a later stage)";
  }
  add(out, path,
      "input artifact " + quoted(name) + " of " + consumer + " is produced by " +
          action_name(d, producer.stage, producer.action) + ", which does not run before it" + why,
      exception::kInvalidStructure);
}

void check_rule_inputs(const PipelineDeclaration& d, const Producers& producers, std::size_t s,
                       const std::vector<Condition>& conditions, const std::string& base,
                       const char* kind, bool after_actions, Problems& out) {
  // beforeEntry rules run before any action of the stage; onSuccess and onFailure rules after
  // all of them, so those may read this stage's outputs too.
  const Position position{s, after_actions ? 1000 : 0};
  for (std::size_t c = 0; c < conditions.size(); ++c) {
    for (std::size_t r = 0; r < conditions[c].rules.size(); ++r) {
      const RuleDeclaration& rule = conditions[c].rules[r];
      const std::string rule_path =
          base + ".conditions[" + std::to_string(c) + "].rules[" + std::to_string(r) + "]";
      const std::string consumer = "rule " + quoted(rule.name) + " of the " + kind +
                                   " condition of stage " + quoted(d.stages[s].name);
      for (std::size_t i = 0; i < rule.inputArtifacts.size(); ++i) {
        check_input(d, producers, rule.inputArtifacts[i],
                    rule_path + ".inputArtifacts[" + std::to_string(i) + "].name", consumer,
                    position, out);
      }
    }
  }
}

}  // namespace

void check_artifacts(const PipelineDeclaration& d, Problems& out) {
  const Producers producers = collect_producers(d, out);
  for (std::size_t s = 0; s < d.stages.size(); ++s) {
    const StageDeclaration& stage = d.stages[s];
    for (std::size_t a = 0; a < stage.actions.size(); ++a) {
      const ActionDeclaration& action = stage.actions[a];
      if (action.inputArtifacts.empty()) continue;
      if (is_source(action)) {
        add(out, action_path(s, a) + ".inputArtifacts",
            "Source " + action_name(d, s, a) + " cannot have input artifacts",
            exception::kInvalidStructure);
        continue;
      }
      std::set<std::string> seen;
      for (std::size_t i = 0; i < action.inputArtifacts.size(); ++i) {
        const std::string& name = action.inputArtifacts[i];
        const std::string path =
            action_path(s, a) + ".inputArtifacts[" + std::to_string(i) + "].name";
        if (!seen.insert(name).second) {
          add(out, path,
              "input artifact " + quoted(name) + " is listed more than once for " +
                  action_name(d, s, a),
              exception::kInvalidAction);
          continue;
        }
        check_input(d, producers, name, path, action_name(d, s, a), Position{s, action.runOrder},
                    out);
      }
    }
    check_rule_inputs(d, producers, s, stage.beforeEntry, stage_path(s) + ".beforeEntry",
                      "beforeEntry", false, out);
    check_rule_inputs(d, producers, s, stage.onSuccess, stage_path(s) + ".onSuccess", "onSuccess",
                      true, out);
    if (stage.onFailure) {
      check_rule_inputs(d, producers, s, stage.onFailure->conditions, stage_path(s) + ".onFailure",
                        "onFailure", true, out);
    }
  }
}

}  // namespace lockstep::engine::rules

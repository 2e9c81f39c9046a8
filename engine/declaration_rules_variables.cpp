// Namespace and variable reference rules: unique, unreserved namespaces, and `#{ns.key}` only
// naming what exists before the consumer runs (SEMANTICS §2.1 rules 8-9, §13).
#include <map>
#include <set>

#include "engine/declaration_rules.hpp"
#include "engine/variable_reference.hpp"

namespace lockstep::engine::rules {
namespace {

constexpr const char* kCodePipeline = "codepipeline";
constexpr const char* kVariables = "variables";

struct NamespaceOwner {
  std::size_t stage = 0;
  std::size_t action = 0;
  Position position;
};

// Who reads references and when it runs, for the ordering test and for messages.
struct Consumer {
  std::string name;  // `action "x" in stage "Y"` or `rule "r" of the ... condition of stage "Y"`
  Position position;
  bool source_action = false;
};

class ReferenceChecker {
 public:
  ReferenceChecker(const PipelineDeclaration& d, Problems& out) : d_(d), out_(out) {
    for (const auto& v : d.variables) pipeline_variables_.insert(v.name);
    collect_namespaces();
  }

  void check_text(const std::string& text, const std::string& path, const Consumer& consumer) {
    for (const VariableReference& ref : find_variable_references(text)) {
      check_reference(ref, path, consumer);
    }
  }

 private:
  void collect_namespaces() {
    std::set<std::string> artifacts;
    for (const auto& stage : d_.stages) {
      for (const auto& action : stage.actions) {
        for (const auto& output : action.outputArtifacts) artifacts.insert(output.name);
      }
    }
    for (std::size_t s = 0; s < d_.stages.size(); ++s) {
      const auto& actions = d_.stages[s].actions;
      for (std::size_t a = 0; a < actions.size(); ++a) {
        const std::string& ns = actions[a].namespace_;
        if (ns.empty()) continue;
        const std::string path = action_path(s, a) + ".namespace";
        const std::string who = "namespace " + quoted(ns) + " of " + action_name(d_, s, a);
        if (ns == kCodePipeline) {
          add(out_, path, who + " is reserved for the pipeline's execution variables",
              exception::kInvalidAction);
          continue;
        }
        if (ns == kVariables && !d_.variables.empty()) {
          add(out_, path, who + " is reserved for the pipeline variables this pipeline declares",
              exception::kInvalidAction);
          continue;
        }
        if (artifacts.contains(ns)) {
          add(out_, path,
              who + " is also the name of an artifact; namespaces must differ from artifact names",
              exception::kInvalidAction);
        }
        auto [it, inserted] =
            namespaces_.emplace(ns, NamespaceOwner{s, a, Position{s, actions[a].runOrder}});
        if (!inserted) {
          add(out_, path,
              who + " is already used by " + action_name(d_, it->second.stage, it->second.action) +
                  "; namespaces must be unique in the pipeline",
              exception::kInvalidAction);
        }
      }
    }
  }

  void problem(const std::string& path, const VariableReference& ref, const Consumer& consumer,
               const std::string& why) {
    add(out_, path, "#{" + ref.ns + "." + ref.key + "} in " + consumer.name + " " + why,
        exception::kInvalidAction);
  }

  void check_reference(const VariableReference& ref, const std::string& path,
                       const Consumer& consumer) {
    if (ref.ns == kCodePipeline) {
      // Only the execution ID is documented for this namespace (SEMANTICS §13.1).
      if (ref.key != "PipelineExecutionId") {
        problem(path, ref, consumer,
                "uses key " + quoted(ref.key) +
                    ", but the codepipeline namespace only provides PipelineExecutionId");
      }
      return;
    }
    if (ref.ns == kVariables && !d_.variables.empty()) {
      if (consumer.source_action) {
        problem(path, ref, consumer,
                "uses a pipeline variable; pipeline variables cannot be used in the "
                "configuration of Source actions");
      } else if (!pipeline_variables_.contains(ref.key)) {
        problem(path, ref, consumer,
                "uses pipeline variable " + quoted(ref.key) + ", which is not declared");
      }
      return;
    }
    const auto it = namespaces_.find(ref.ns);
    if (it == namespaces_.end()) {
      problem(path, ref, consumer,
              ref.ns == kVariables
                  ? std::string("uses a pipeline variable, but the pipeline declares no variables")
                  : "uses namespace " + quoted(ref.ns) + ", which no action declares");
      return;
    }
    if (!runs_before(it->second.position, consumer.position)) {
      problem(path, ref, consumer,
              "uses namespace " + quoted(ref.ns) + " of " +
                  action_name(d_, it->second.stage, it->second.action) +
                  ", which does not run before it");
    }
  }

  const PipelineDeclaration& d_;
  Problems& out_;
  std::set<std::string> pipeline_variables_;
  std::map<std::string, NamespaceOwner> namespaces_;
};

void check_action_references(const PipelineDeclaration& d, std::size_t s, std::size_t a,
                             ReferenceChecker& checker) {
  const ActionDeclaration& action = d.stages[s].actions[a];
  const Consumer consumer{action_name(d, s, a), Position{s, action.runOrder}, is_source(action)};
  const std::string base = action_path(s, a);
  for (const auto& [key, value] : action.configuration) {
    checker.check_text(value, base + ".configuration." + key, consumer);
  }
  for (std::size_t c = 0; c < action.commands.size(); ++c) {
    checker.check_text(action.commands[c], base + ".commands[" + std::to_string(c) + "]", consumer);
  }
  for (std::size_t e = 0; e < action.environmentVariables.size(); ++e) {
    checker.check_text(action.environmentVariables[e].value,
                       base + ".environmentVariables[" + std::to_string(e) + "].value", consumer);
  }
}

void check_rule_references(const PipelineDeclaration& d, std::size_t s,
                           const std::vector<Condition>& conditions, const std::string& base,
                           const char* kind, bool after_actions, ReferenceChecker& checker) {
  // Same timing as rule input artifacts: beforeEntry before the stage's actions, the others
  // after all of them.
  const Position position{s, after_actions ? 1000 : 0};
  for (std::size_t c = 0; c < conditions.size(); ++c) {
    for (std::size_t r = 0; r < conditions[c].rules.size(); ++r) {
      const RuleDeclaration& rule = conditions[c].rules[r];
      const Consumer consumer{"rule " + quoted(rule.name) + " of the " + kind +
                                  " condition of stage " + quoted(d.stages[s].name),
                              position, false};
      const std::string rule_path =
          base + ".conditions[" + std::to_string(c) + "].rules[" + std::to_string(r) + "]";
      for (const auto& [key, value] : rule.configuration) {
        checker.check_text(value, rule_path + ".configuration." + key, consumer);
      }
      for (std::size_t k = 0; k < rule.commands.size(); ++k) {
        checker.check_text(rule.commands[k], rule_path + ".commands[" + std::to_string(k) + "]",
                           consumer);
      }
    }
  }
}

}  // namespace

void check_variables(const PipelineDeclaration& d, Problems& out) {
  ReferenceChecker checker(d, out);
  for (std::size_t s = 0; s < d.stages.size(); ++s) {
    const StageDeclaration& stage = d.stages[s];
    for (std::size_t a = 0; a < stage.actions.size(); ++a) {
      check_action_references(d, s, a, checker);
    }
    check_rule_references(d, s, stage.beforeEntry, stage_path(s) + ".beforeEntry", "beforeEntry",
                          false, checker);
    check_rule_references(d, s, stage.onSuccess, stage_path(s) + ".onSuccess", "onSuccess", true,
                          checker);
    if (stage.onFailure) {
      check_rule_references(d, s, stage.onFailure->conditions, stage_path(s) + ".onFailure",
                            "onFailure", true, checker);
    }
  }
}

}  // namespace lockstep::engine::rules

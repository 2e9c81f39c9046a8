// Action type rules: the type must be one Lockstep runs, with its required configuration, its
// artifact counts, and only the members that type accepts (SEMANTICS §2.1 rule 10, §12.6).
#include <algorithm>

#include "engine/action_type_registry.hpp"
#include "engine/declaration_rules.hpp"

namespace lockstep::engine::rules {
namespace {

bool is_commands(const ActionTypeId& type) {
  return type.category == ActionCategory::Compute && type.provider == "Commands";
}

std::string count_text(const ArtifactCount& range, const char* noun) {
  if (range.max == 0) return std::string("no ") + noun + "s";
  if (range.min == range.max) {
    return "exactly " + std::to_string(range.min) + " " + noun + (range.min == 1 ? "" : "s");
  }
  return std::to_string(range.min) + " to " + std::to_string(range.max) + " " + noun + "s";
}

void check_count(const PipelineDeclaration& d, std::size_t s, std::size_t a,
                 const ArtifactCount& range, std::size_t count, const char* member,
                 const char* noun, Problems& out) {
  if (static_cast<int>(count) >= range.min && static_cast<int>(count) <= range.max) return;
  const ActionTypeId& type = d.stages[s].actions[a].actionTypeId;
  add(out, action_path(s, a) + "." + member,
      type_name(type) + " " + action_name(d, s, a) + " takes " + count_text(range, noun) +
          ", found " + std::to_string(count),
      exception::kInvalidAction);
}

void check_configuration(const PipelineDeclaration& d, std::size_t s, std::size_t a,
                         const ActionTypeSpec& spec, Problems& out) {
  const ActionDeclaration& action = d.stages[s].actions[a];
  const std::string base = action_path(s, a) + ".configuration";
  for (std::string_view key : spec.required_keys) {
    if (!action.configuration.contains(std::string(key))) {
      add(out, base + "." + std::string(key),
          type_name(action.actionTypeId) + " " + action_name(d, s, a) +
              " is missing the required configuration key " + quoted(std::string(key)),
          exception::kInvalidAction);
    }
  }
  if (spec.open_configuration) return;
  for (const auto& [key, value] : action.configuration) {
    auto listed = [&](const std::vector<std::string_view>& keys) {
      return std::find(keys.begin(), keys.end(), key) != keys.end();
    };
    if (listed(spec.required_keys) || listed(spec.optional_keys)) continue;
    std::string known;
    for (const auto& list : {spec.required_keys, spec.optional_keys}) {
      for (auto k : list) known += (known.empty() ? "" : ", ") + std::string(k);
    }
    add(out, base + "." + key,
        "configuration key " + quoted(key) + " is not used by " + type_name(action.actionTypeId) +
            " actions (" + action_name(d, s, a) +
            "); known keys: " + (known.empty() ? "none" : known),
        exception::kInvalidAction);
  }
}

// With several inputs CodeBuild needs to know which one is the source directory (§12.6).
void check_primary_source(const PipelineDeclaration& d, std::size_t s, std::size_t a,
                          Problems& out) {
  const ActionDeclaration& action = d.stages[s].actions[a];
  const auto it = action.configuration.find("PrimarySource");
  if (it == action.configuration.end()) {
    if (action.inputArtifacts.size() > 1) {
      add(out, action_path(s, a) + ".configuration.PrimarySource",
          "CodeBuild " + action_name(d, s, a) + " has " +
              std::to_string(action.inputArtifacts.size()) +
              " input artifacts, so configuration key \"PrimarySource\" must name the one to "
              "build from",
          exception::kInvalidAction);
    }
    return;
  }
  const auto& inputs = action.inputArtifacts;
  if (std::find(inputs.begin(), inputs.end(), it->second) == inputs.end()) {
    add(out, action_path(s, a) + ".configuration.PrimarySource",
        "PrimarySource " + quoted(it->second) + " of " + action_name(d, s, a) +
            " is not one of its input artifacts",
        exception::kInvalidAction);
  }
}

// `commands`, `environmentVariables`, `outputVariables` and output `files` belong to the
// Commands action only; on another type they would be silently ignored, so they are refused.
void check_commands_members(const PipelineDeclaration& d, std::size_t s, std::size_t a,
                            Problems& out) {
  const ActionDeclaration& action = d.stages[s].actions[a];
  const std::string path = action_path(s, a);
  if (is_commands(action.actionTypeId)) {
    if (action.commands.empty()) {
      add(out, path + ".commands",
          "Commands " + action_name(d, s, a) + " needs a commands list of 1 to 50 commands",
          exception::kInvalidAction);
    }
    for (std::size_t o = 0; o < action.outputArtifacts.size(); ++o) {
      if (action.outputArtifacts[o].files.empty()) {
        add(out, path + ".outputArtifacts[" + std::to_string(o) + "].files",
            "output artifact " + quoted(action.outputArtifacts[o].name) + " of Commands " +
                action_name(d, s, a) + " needs files: 1 to 10 glob patterns",
            exception::kInvalidAction);
      }
    }
    return;
  }
  const std::string only = " only on Compute/Commands actions; " + action_name(d, s, a) + " is " +
                           type_name(action.actionTypeId);
  if (!action.commands.empty()) {
    add(out, path + ".commands", "commands are accepted" + only, exception::kInvalidAction);
  }
  if (!action.environmentVariables.empty()) {
    add(out, path + ".environmentVariables", "environmentVariables are accepted" + only,
        exception::kInvalidAction);
  }
  if (!action.outputVariables.empty()) {
    add(out, path + ".outputVariables", "outputVariables are accepted" + only,
        exception::kInvalidAction);
  }
  for (std::size_t o = 0; o < action.outputArtifacts.size(); ++o) {
    if (!action.outputArtifacts[o].files.empty()) {
      add(out, path + ".outputArtifacts[" + std::to_string(o) + "].files",
          "output artifact files are accepted" + only, exception::kInvalidAction);
    }
  }
}

void check_action(const PipelineDeclaration& d, std::size_t s, std::size_t a, Problems& out) {
  const ActionDeclaration& action = d.stages[s].actions[a];
  const ActionTypeId& type = action.actionTypeId;
  if (!type_known(action)) return;  // already reported by the reader
  if (action.timeoutInMinutes && type.category != ActionCategory::Approval) {
    add(out, action_path(s, a) + ".timeoutInMinutes",
        "timeoutInMinutes is accepted only on Approval actions; " + action_name(d, s, a) +
            " is a " + to_string(type.category) + " action",
        exception::kInvalidAction);
  }
  const ActionTypeSpec* spec = find_action_type(type);
  if (spec == nullptr) {
    add(out, action_path(s, a) + ".actionTypeId",
        action_name(d, s, a) + " has an unknown action type: category " + to_string(type.category) +
            ", owner " + to_string(type.owner) + ", provider " + type.provider + ", version " +
            type.version,
        exception::kInvalidAction);
    return;
  }
  check_configuration(d, s, a, *spec, out);
  // Inputs of a Source action are refused by the artifact rules (rule 7) with their own message.
  if (!is_source(action)) {
    check_count(d, s, a, spec->inputs, action.inputArtifacts.size(), "inputArtifacts",
                "input artifact", out);
  }
  check_count(d, s, a, spec->outputs, action.outputArtifacts.size(), "outputArtifacts",
              "output artifact", out);
  if (type.provider == "CodeBuild") check_primary_source(d, s, a, out);
  check_commands_members(d, s, a, out);
}

}  // namespace

void check_action_types(const PipelineDeclaration& d, Problems& out) {
  for (std::size_t s = 0; s < d.stages.size(); ++s) {
    for (std::size_t a = 0; a < d.stages[s].actions.size(); ++a) check_action(d, s, a, out);
  }
}

}  // namespace lockstep::engine::rules

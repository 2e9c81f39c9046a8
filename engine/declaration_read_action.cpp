// Reads action declarations: type, runOrder, configuration, artifacts, variables and commands.
#include <limits>

#include "engine/declaration_read.hpp"

namespace lockstep::engine {
namespace {

// When any part of the type is unreadable the provider is left empty: the rules treat such an
// action's type as unknown instead of trusting a defaulted category.
void read_action_type(DeclarationReader& reader, const YAML::Node& node, const std::string& path,
                      ActionTypeId& out) {
  ActionTypeId type;
  int read = 0;
  auto obj =
      reader.object(node, path, "an actionTypeId", {"category", "owner", "provider", "version"});
  if (!obj) return;
  if (auto* category = obj->require("category", reader)) {
    if (auto v = reader.enumeration(*category, obj->path_of("category"), "category",
                                    &parse_action_category,
                                    "Source, Build, Deploy, Test, Invoke, Approval, Compute")) {
      type.category = *v;
      ++read;
    }
  }
  if (auto* owner = obj->require("owner", reader)) {
    if (auto v = reader.enumeration(*owner, obj->path_of("owner"), "owner", &parse_action_owner,
                                    "AWS, ThirdParty, Custom")) {
      type.owner = *v;
      ++read;
    }
  }
  if (auto* provider = obj->require("provider", reader)) {
    if (auto v = reader.string(*provider, obj->path_of("provider"), "provider",
                               string_rules::kProvider)) {
      type.provider = *v;
      ++read;
    }
  }
  if (auto* version = obj->require("version", reader)) {
    if (auto v =
            reader.string(*version, obj->path_of("version"), "version", string_rules::kVersion)) {
      type.version = *v;
      ++read;
    }
  }
  if (read == 4) out = type;
}

std::vector<OutputArtifact> read_output_artifacts(DeclarationReader& reader, const YAML::Node& node,
                                                  const std::string& path) {
  std::vector<OutputArtifact> out;
  reader.list(node, path, "outputArtifacts", 0, std::numeric_limits<std::size_t>::max(),
              [&](const YAML::Node& item, const std::string& item_path, std::size_t) {
                OutputArtifact artifact;
                auto obj = reader.object(item, item_path, "an output artifact", {"name", "files"});
                if (!obj) return;
                if (auto* name = obj->require("name", reader)) {
                  if (auto v = reader.string(*name, obj->path_of("name"), "artifact name",
                                             string_rules::kArtifactName)) {
                    artifact.name = *v;
                  }
                }
                if (auto* files = obj->find("files")) {
                  artifact.files = reader.string_list(*files, obj->path_of("files"), "files", 1, 10,
                                                      string_rules::kFilePattern);
                }
                out.push_back(std::move(artifact));
              });
  return out;
}

std::vector<EnvironmentVariable> read_environment(DeclarationReader& reader, const YAML::Node& node,
                                                  const std::string& path) {
  std::vector<EnvironmentVariable> out;
  reader.list(
      node, path, "environmentVariables", 1, 10,
      [&](const YAML::Node& item, const std::string& item_path, std::size_t) {
        EnvironmentVariable var;
        auto obj =
            reader.object(item, item_path, "an environment variable", {"name", "value", "type"});
        if (!obj) return;
        if (auto* name = obj->require("name", reader)) {
          if (auto v = reader.string(*name, obj->path_of("name"), "environment variable name",
                                     string_rules::kEnvName)) {
            var.name = *v;
          }
        }
        if (auto* value = obj->require("value", reader)) {
          if (auto v = reader.string(*value, obj->path_of("value"), "environment variable value",
                                     string_rules::kEnvValue)) {
            var.value = *v;
          }
        }
        if (auto* type = obj->find("type")) {
          if (auto v = reader.fixed_string(*type, obj->path_of("type"), "environment variable type",
                                           {"PLAINTEXT", "SECRETS_MANAGER"})) {
            var.type = *v;
          }
        }
        out.push_back(std::move(var));
      });
  return out;
}

}  // namespace

std::vector<std::string> read_input_artifacts(DeclarationReader& reader, const YAML::Node& node,
                                              const std::string& path) {
  std::vector<std::string> out;
  reader.list(node, path, "inputArtifacts", 0, std::numeric_limits<std::size_t>::max(),
              [&](const YAML::Node& item, const std::string& item_path, std::size_t) {
                auto obj = reader.object(item, item_path, "an input artifact", {"name"});
                if (!obj) return;
                if (auto* name = obj->require("name", reader)) {
                  if (auto v = reader.string(*name, obj->path_of("name"), "artifact name",
                                             string_rules::kArtifactName)) {
                    out.push_back(*v);
                  }
                }
              });
  return out;
}

ActionDeclaration read_action(DeclarationReader& reader, const YAML::Node& node,
                              const std::string& path) {
  ActionDeclaration action;
  auto obj = reader.object(node, path, "an action",
                           {"name", "actionTypeId", "runOrder", "configuration", "commands",
                            "outputArtifacts", "inputArtifacts", "outputVariables", "roleArn",
                            "region", "namespace", "timeoutInMinutes", "environmentVariables"});
  if (!obj) return action;
  if (auto* name = obj->require("name", reader)) {
    if (auto v = reader.string(*name, obj->path_of("name"), "action name", string_rules::kName)) {
      action.name = *v;
    }
  }
  if (auto* type = obj->require("actionTypeId", reader)) {
    read_action_type(reader, *type, obj->path_of("actionTypeId"), action.actionTypeId);
  }
  if (auto* run_order = obj->find("runOrder")) {
    if (auto v = reader.integer(*run_order, obj->path_of("runOrder"), "runOrder", 1, 999)) {
      action.runOrder = *v;
    }
  }
  if (auto* configuration = obj->find("configuration")) {
    action.configuration =
        reader.string_map(*configuration, obj->path_of("configuration"), "configuration",
                          string_rules::kConfigurationKey, string_rules::kConfigurationValue,
                          std::numeric_limits<std::size_t>::max());
  }
  if (auto* commands = obj->find("commands")) {
    action.commands = reader.string_list(*commands, obj->path_of("commands"), "commands", 1, 50,
                                         string_rules::kCommand);
  }
  if (auto* outputs = obj->find("outputArtifacts")) {
    action.outputArtifacts =
        read_output_artifacts(reader, *outputs, obj->path_of("outputArtifacts"));
  }
  if (auto* inputs = obj->find("inputArtifacts")) {
    action.inputArtifacts = read_input_artifacts(reader, *inputs, obj->path_of("inputArtifacts"));
  }
  if (auto* variables = obj->find("outputVariables")) {
    action.outputVariables =
        reader.string_list(*variables, obj->path_of("outputVariables"), "outputVariables", 1, 15,
                           string_rules::kOutputVariable);
  }
  if (auto* role = obj->find("roleArn")) {
    if (auto v = reader.string(*role, obj->path_of("roleArn"), "roleArn", string_rules::kRoleArn)) {
      action.roleArn = *v;
    }
  }
  if (auto* region = obj->find("region")) {
    if (auto v = reader.string(*region, obj->path_of("region"), "region", string_rules::kRegion)) {
      action.region = *v;
    }
  }
  if (auto* ns = obj->find("namespace")) {
    if (auto v =
            reader.string(*ns, obj->path_of("namespace"), "namespace", string_rules::kNamespace)) {
      action.namespace_ = *v;
    }
  }
  if (auto* timeout = obj->find("timeoutInMinutes")) {
    action.timeoutInMinutes =
        reader.integer(*timeout, obj->path_of("timeoutInMinutes"), "timeoutInMinutes", 5, 86400);
  }
  if (auto* env = obj->find("environmentVariables")) {
    action.environmentVariables =
        read_environment(reader, *env, obj->path_of("environmentVariables"));
  }
  return action;
}

}  // namespace lockstep::engine

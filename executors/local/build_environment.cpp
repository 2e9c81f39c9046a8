#include "executors/local/build_environment.hpp"

#include <nlohmann/json.hpp>

namespace lockstep::executors::local {

void BuildEnvironment::set_typed(const std::string& name, const std::string& value,
                                 const std::string& type, const SecretStore& store,
                                 const std::string& where) {
  if (name.starts_with("CODEBUILD_")) {
    problems.push_back(where + ": " + name + " is reserved for the build (CODEBUILD_ names)");
    return;
  }
  if (type.empty() || type == "PLAINTEXT") {
    set(name, value);
    return;
  }
  SecretLookup lookup;
  if (type == "PARAMETER_STORE") {
    lookup = store.parameter(value);
  } else if (type == "SECRETS_MANAGER") {
    lookup = store.secret(value);
  } else {
    problems.push_back(where + ": " + name + " has the type '" + type +
                       "'; expected PLAINTEXT, PARAMETER_STORE or SECRETS_MANAGER");
    return;
  }
  if (!lookup.value) {
    problems.push_back(where + ": " + name + ": " + lookup.error);
    return;
  }
  secrets.push_back(*lookup.value);
  set(name, *lookup.value);
}

void BuildEnvironment::add_buildspec_env(const Buildspec& buildspec, const SecretStore& store) {
  for (const auto& [name, value] : buildspec.variables) set(name, value);
  for (const auto& [name, parameter] : buildspec.parameter_store) {
    set_typed(name, parameter, "PARAMETER_STORE", store, "env.parameter-store");
  }
  for (const auto& [name, reference] : buildspec.secrets_manager) {
    set_typed(name, reference, "SECRETS_MANAGER", store, "env.secrets-manager");
  }
}

std::vector<engine::EnvironmentVariable> parse_environment_variables(
    const std::string& json, std::vector<std::string>& problems) {
  std::vector<engine::EnvironmentVariable> variables;
  const nlohmann::json document = nlohmann::json::parse(json, nullptr, false);
  if (!document.is_array()) {
    problems.push_back("EnvironmentVariables must be a JSON list of {name, value, type}");
    return variables;
  }
  for (std::size_t i = 0; i < document.size(); ++i) {
    const nlohmann::json& item = document[i];
    const std::string where = "EnvironmentVariables[" + std::to_string(i) + "]";
    if (!item.is_object() || !item.contains("name") || !item["name"].is_string() ||
        !item.contains("value") || !item["value"].is_string() ||
        (item.contains("type") && !item["type"].is_string())) {
      problems.push_back(where + " must be an object with the strings name, value and type");
      continue;
    }
    variables.push_back({item["name"].get<std::string>(), item["value"].get<std::string>(),
                         item.value("type", std::string("PLAINTEXT"))});
  }
  return variables;
}

void add_codebuild_variables(const engine::StartAction& action, const SourceLayout& layout,
                             const BuildIdentity& identity, Environment& environment) {
  const std::string arn_prefix =
      "arn:aws:codebuild:" + identity.region + ":" + identity.account_id + ":";
  environment["CODEBUILD_SRC_DIR"] = layout.primary.string();
  for (const auto& [name, folder] : layout.secondaries) {
    environment["CODEBUILD_SRC_DIR_" + name] = folder.string();
  }
  environment["CODEBUILD_BUILD_ID"] = identity.build_id;
  environment["CODEBUILD_BUILD_ARN"] = arn_prefix + "build/" + identity.build_id;
  environment["CODEBUILD_BUILD_NUMBER"] = std::to_string(identity.build_number);
  environment["CODEBUILD_BUILD_SUCCEEDING"] = "1";
  environment["CODEBUILD_INITIATOR"] = "codepipeline/" + action.pipelineName;
  environment["CODEBUILD_RESOLVED_SOURCE_VERSION"] = layout.primary_revision;
  environment["CODEBUILD_SOURCE_VERSION"] = layout.primary_revision;
  environment["CODEBUILD_START_TIME"] = std::to_string(identity.start_time_ms);
  environment["CODEBUILD_BUILD_IMAGE"] = "lockstep/local";
  environment["CODEBUILD_PROJECT_ARN"] = arn_prefix + "project/" + identity.project;
  environment["AWS_REGION"] = identity.region;
  environment["AWS_DEFAULT_REGION"] = identity.region;
}

}  // namespace lockstep::executors::local

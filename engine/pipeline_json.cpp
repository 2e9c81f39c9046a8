// Writes a PipelineDeclaration in CodePipeline's JSON shape (the inverse of the declaration
// parser).
#include "engine/pipeline_json.hpp"

namespace lockstep::engine {
namespace {

using nlohmann::json;

json configuration_json(const Configuration& configuration) {
  json out = json::object();
  for (const auto& [key, value] : configuration) out[key] = value;
  return out;
}

json artifact_store_json(const ArtifactStore& store) {
  json out = {{"type", store.type}, {"location", store.location}};
  if (store.encryptionKey) {
    out["encryptionKey"] = {{"id", store.encryptionKey->id}, {"type", store.encryptionKey->type}};
  }
  return out;
}

json input_artifacts_json(const std::vector<std::string>& names) {
  json out = json::array();
  for (const auto& name : names) out.push_back({{"name", name}});
  return out;
}

json action_json(const ActionDeclaration& action) {
  json out = {{"name", action.name},
              {"actionTypeId",
               {{"category", to_string(action.actionTypeId.category)},
                {"owner", to_string(action.actionTypeId.owner)},
                {"provider", action.actionTypeId.provider},
                {"version", action.actionTypeId.version}}},
              {"runOrder", action.runOrder}};
  if (!action.configuration.empty())
    out["configuration"] = configuration_json(action.configuration);
  if (!action.commands.empty()) out["commands"] = action.commands;
  // get-pipeline always prints both artifact lists, empty or not; we do the same so that a
  // declaration read back from us diffs cleanly against one read from AWS.
  json outputs = json::array();
  for (const auto& artifact : action.outputArtifacts) {
    json item = {{"name", artifact.name}};
    if (!artifact.files.empty()) item["files"] = artifact.files;
    outputs.push_back(std::move(item));
  }
  out["outputArtifacts"] = std::move(outputs);
  out["inputArtifacts"] = input_artifacts_json(action.inputArtifacts);
  if (!action.outputVariables.empty()) out["outputVariables"] = action.outputVariables;
  if (!action.roleArn.empty()) out["roleArn"] = action.roleArn;
  if (!action.region.empty()) out["region"] = action.region;
  if (!action.namespace_.empty()) out["namespace"] = action.namespace_;
  if (action.timeoutInMinutes) out["timeoutInMinutes"] = *action.timeoutInMinutes;
  if (!action.environmentVariables.empty()) {
    json vars = json::array();
    for (const auto& var : action.environmentVariables) {
      json item = {{"name", var.name}, {"value", var.value}};
      if (!var.type.empty()) item["type"] = var.type;
      vars.push_back(std::move(item));
    }
    out["environmentVariables"] = std::move(vars);
  }
  return out;
}

json rule_json(const RuleDeclaration& rule) {
  json out = {{"name", rule.name},
              {"ruleTypeId",
               {{"category", rule.ruleTypeId.category},
                {"owner", rule.ruleTypeId.owner},
                {"provider", rule.ruleTypeId.provider},
                {"version", rule.ruleTypeId.version}}}};
  if (!rule.configuration.empty()) out["configuration"] = configuration_json(rule.configuration);
  if (!rule.commands.empty()) out["commands"] = rule.commands;
  if (!rule.inputArtifacts.empty())
    out["inputArtifacts"] = input_artifacts_json(rule.inputArtifacts);
  if (!rule.roleArn.empty()) out["roleArn"] = rule.roleArn;
  if (!rule.region.empty()) out["region"] = rule.region;
  if (rule.timeoutInMinutes) out["timeoutInMinutes"] = *rule.timeoutInMinutes;
  return out;
}

json conditions_json(const std::vector<Condition>& conditions) {
  json out = json::array();
  for (const auto& condition : conditions) {
    json item = json::object();
    if (condition.result) item["result"] = to_string(*condition.result);
    if (!condition.rules.empty()) {
      json rules = json::array();
      for (const auto& rule : condition.rules) rules.push_back(rule_json(rule));
      item["rules"] = std::move(rules);
    }
    out.push_back(std::move(item));
  }
  return out;
}

json stage_json(const StageDeclaration& stage) {
  json out = {{"name", stage.name}};
  if (!stage.blockers.empty()) {
    json blockers = json::array();
    for (const auto& b : stage.blockers) blockers.push_back({{"name", b.name}, {"type", b.type}});
    out["blockers"] = std::move(blockers);
  }
  json actions = json::array();
  for (const auto& action : stage.actions) actions.push_back(action_json(action));
  out["actions"] = std::move(actions);
  if (stage.onFailure) {
    json failure = json::object();
    if (stage.onFailure->result) failure["result"] = to_string(*stage.onFailure->result);
    if (stage.onFailure->retryMode) {
      failure["retryConfiguration"] = {{"retryMode", to_string(*stage.onFailure->retryMode)}};
    }
    if (!stage.onFailure->conditions.empty()) {
      failure["conditions"] = conditions_json(stage.onFailure->conditions);
    }
    out["onFailure"] = std::move(failure);
  }
  if (!stage.onSuccess.empty())
    out["onSuccess"] = {{"conditions", conditions_json(stage.onSuccess)}};
  if (!stage.beforeEntry.empty()) {
    out["beforeEntry"] = {{"conditions", conditions_json(stage.beforeEntry)}};
  }
  return out;
}

json criteria_json(const GitFilterCriteria& criteria) {
  json out = json::object();
  if (!criteria.includes.empty()) out["includes"] = criteria.includes;
  if (!criteria.excludes.empty()) out["excludes"] = criteria.excludes;
  return out;
}

void put_criteria(json& out, const char* member, const std::optional<GitFilterCriteria>& c) {
  if (c) out[member] = criteria_json(*c);
}

json trigger_json(const PipelineTriggerDeclaration& trigger) {
  const GitConfiguration& git = trigger.gitConfiguration;
  json config = {{"sourceActionName", git.sourceActionName}};
  if (!git.push.empty()) {
    json push = json::array();
    for (const auto& filter : git.push) {
      json item = json::object();
      put_criteria(item, "tags", filter.tags);
      put_criteria(item, "branches", filter.branches);
      put_criteria(item, "filePaths", filter.filePaths);
      push.push_back(std::move(item));
    }
    config["push"] = std::move(push);
  }
  if (!git.pullRequest.empty()) {
    json pull = json::array();
    for (const auto& filter : git.pullRequest) {
      json item = json::object();
      if (!filter.events.empty()) {
        json events = json::array();
        for (auto e : filter.events) events.push_back(to_string(e));
        item["events"] = std::move(events);
      }
      put_criteria(item, "branches", filter.branches);
      put_criteria(item, "filePaths", filter.filePaths);
      pull.push_back(std::move(item));
    }
    config["pullRequest"] = std::move(pull);
  }
  return {{"providerType", trigger.providerType}, {"gitConfiguration", std::move(config)}};
}

}  // namespace

nlohmann::json to_json(const PipelineDeclaration& declaration) {
  json out = {{"name", declaration.name}};
  if (!declaration.roleArn.empty()) out["roleArn"] = declaration.roleArn;  // optional here
  if (declaration.artifactStore)
    out["artifactStore"] = artifact_store_json(*declaration.artifactStore);
  if (!declaration.artifactStores.empty()) {
    json stores = json::object();
    for (const auto& [region, store] : declaration.artifactStores) {
      stores[region] = artifact_store_json(store);
    }
    out["artifactStores"] = std::move(stores);
  }
  json stages = json::array();
  for (const auto& stage : declaration.stages) stages.push_back(stage_json(stage));
  out["stages"] = std::move(stages);
  out["version"] = declaration.version;
  out["executionMode"] = to_string(declaration.executionMode);
  out["pipelineType"] = to_string(declaration.pipelineType);
  if (!declaration.variables.empty()) {
    json vars = json::array();
    for (const auto& var : declaration.variables) {
      json item = {{"name", var.name}};
      if (var.defaultValue) item["defaultValue"] = *var.defaultValue;
      if (var.description) item["description"] = *var.description;
      vars.push_back(std::move(item));
    }
    out["variables"] = std::move(vars);
  }
  if (!declaration.triggers.empty()) {
    json triggers = json::array();
    for (const auto& trigger : declaration.triggers) triggers.push_back(trigger_json(trigger));
    out["triggers"] = std::move(triggers);
  }
  return out;
}

}  // namespace lockstep::engine

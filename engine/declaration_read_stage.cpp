// Reads stage declarations: blockers, actions, and the beforeEntry/onSuccess/onFailure conditions.
#include <limits>

#include "engine/declaration_read.hpp"

namespace lockstep::engine {
namespace {

constexpr const char* kResults = "ROLLBACK, FAIL, RETRY, SKIP";

RuleDeclaration read_rule(DeclarationReader& reader, const YAML::Node& node,
                          const std::string& path) {
  RuleDeclaration rule;
  auto obj = reader.object(node, path, "a rule",
                           {"name", "ruleTypeId", "configuration", "commands", "inputArtifacts",
                            "roleArn", "region", "timeoutInMinutes"});
  if (!obj) return rule;
  if (auto* name = obj->require("name", reader)) {
    if (auto v = reader.string(*name, obj->path_of("name"), "rule name", string_rules::kName)) {
      rule.name = *v;
    }
  }
  if (auto* type = obj->require("ruleTypeId", reader)) {
    const std::string type_path = obj->path_of("ruleTypeId");
    if (auto t = reader.object(*type, type_path, "a ruleTypeId",
                               {"category", "owner", "provider", "version"})) {
      if (auto* category = t->require("category", reader)) {
        if (auto v =
                reader.fixed_string(*category, t->path_of("category"), "rule category", {"Rule"})) {
          rule.ruleTypeId.category = *v;
        }
      }
      if (auto* owner = t->find("owner")) {
        if (auto v = reader.fixed_string(*owner, t->path_of("owner"), "rule owner", {"AWS"})) {
          rule.ruleTypeId.owner = *v;
        }
      }
      if (auto* provider = t->require("provider", reader)) {
        if (auto v = reader.string(*provider, t->path_of("provider"), "rule provider",
                                   string_rules::kProvider)) {
          rule.ruleTypeId.provider = *v;
        }
      }
      if (auto* version = t->find("version")) {
        if (auto v = reader.string(*version, t->path_of("version"), "rule version",
                                   string_rules::kVersion)) {
          rule.ruleTypeId.version = *v;
        }
      }
    }
  }
  if (auto* configuration = obj->find("configuration")) {
    rule.configuration = reader.string_map(*configuration, obj->path_of("configuration"),
                                           "rule configuration", string_rules::kConfigurationKey,
                                           string_rules::kRuleConfigurationValue, 200);
  }
  if (auto* commands = obj->find("commands")) {
    rule.commands = reader.string_list(*commands, obj->path_of("commands"), "commands", 1, 50,
                                       string_rules::kCommand);
  }
  if (auto* inputs = obj->find("inputArtifacts")) {
    rule.inputArtifacts = read_input_artifacts(reader, *inputs, obj->path_of("inputArtifacts"));
  }
  if (auto* role = obj->find("roleArn")) {
    if (auto v = reader.string(*role, obj->path_of("roleArn"), "roleArn", string_rules::kRoleArn)) {
      rule.roleArn = *v;
    }
  }
  if (auto* region = obj->find("region")) {
    if (auto v = reader.string(*region, obj->path_of("region"), "region", string_rules::kRegion)) {
      rule.region = *v;
    }
  }
  if (auto* timeout = obj->find("timeoutInMinutes")) {
    rule.timeoutInMinutes =
        reader.integer(*timeout, obj->path_of("timeoutInMinutes"), "timeoutInMinutes", 5, 86400);
  }
  return rule;
}

Condition read_condition(DeclarationReader& reader, const YAML::Node& node,
                         const std::string& path) {
  Condition condition;
  auto obj = reader.object(node, path, "a condition", {"result", "rules"});
  if (!obj) return condition;
  if (auto* result = obj->find("result")) {
    condition.result = reader.enumeration(*result, obj->path_of("result"), "condition result",
                                          &parse_condition_result, kResults);
  }
  if (auto* rules = obj->find("rules")) {
    reader.list(*rules, obj->path_of("rules"), "rules", 1, 5,
                [&](const YAML::Node& item, const std::string& item_path, std::size_t) {
                  condition.rules.push_back(read_rule(reader, item, item_path));
                });
  }
  return condition;
}

std::vector<Condition> read_conditions(DeclarationReader& reader, const YAML::Node& node,
                                       const std::string& path) {
  std::vector<Condition> conditions;
  reader.list(node, path, "conditions", 1, 1,
              [&](const YAML::Node& item, const std::string& item_path, std::size_t) {
                conditions.push_back(read_condition(reader, item, item_path));
              });
  return conditions;
}

// beforeEntry and onSuccess: {"conditions": [...]} with the list required.
std::vector<Condition> read_condition_block(DeclarationReader& reader, const YAML::Node& node,
                                            const std::string& path, std::string_view what) {
  auto obj = reader.object(node, path, what, {"conditions"});
  if (!obj) return {};
  if (auto* conditions = obj->require("conditions", reader)) {
    return read_conditions(reader, *conditions, obj->path_of("conditions"));
  }
  return {};
}

FailureConditions read_on_failure(DeclarationReader& reader, const YAML::Node& node,
                                  const std::string& path) {
  FailureConditions failure;
  auto obj = reader.object(node, path, "onFailure", {"result", "retryConfiguration", "conditions"});
  if (!obj) return failure;
  if (auto* result = obj->find("result")) {
    failure.result = reader.enumeration(*result, obj->path_of("result"), "onFailure result",
                                        &parse_condition_result, kResults);
  }
  if (auto* retry = obj->find("retryConfiguration")) {
    const std::string retry_path = obj->path_of("retryConfiguration");
    if (auto r = reader.object(*retry, retry_path, "retryConfiguration", {"retryMode"})) {
      if (auto* mode = r->find("retryMode")) {
        failure.retryMode =
            reader.enumeration(*mode, r->path_of("retryMode"), "retryMode", &parse_stage_retry_mode,
                               "FAILED_ACTIONS, ALL_ACTIONS");
      }
    }
  }
  if (auto* conditions = obj->find("conditions")) {
    failure.conditions = read_conditions(reader, *conditions, obj->path_of("conditions"));
  }
  return failure;
}

BlockerDeclaration read_blocker(DeclarationReader& reader, const YAML::Node& node,
                                const std::string& path) {
  BlockerDeclaration blocker;
  auto obj = reader.object(node, path, "a blocker", {"name", "type"});
  if (!obj) return blocker;
  if (auto* name = obj->require("name", reader)) {
    if (auto v = reader.string(*name, obj->path_of("name"), "blocker name",
                               string_rules::kBlockerName)) {
      blocker.name = *v;
    }
  }
  if (auto* type = obj->require("type", reader)) {
    if (auto v = reader.fixed_string(*type, obj->path_of("type"), "blocker type", {"Schedule"})) {
      blocker.type = *v;
    }
  }
  return blocker;
}

}  // namespace

StageDeclaration read_stage(DeclarationReader& reader, const YAML::Node& node,
                            const std::string& path) {
  StageDeclaration stage;
  auto obj =
      reader.object(node, path, "a stage",
                    {"name", "blockers", "actions", "onFailure", "onSuccess", "beforeEntry"});
  if (!obj) return stage;
  if (auto* name = obj->require("name", reader)) {
    if (auto v = reader.string(*name, obj->path_of("name"), "stage name", string_rules::kName)) {
      stage.name = *v;
    }
  }
  if (auto* blockers = obj->find("blockers")) {
    reader.list(*blockers, obj->path_of("blockers"), "blockers", 0,
                std::numeric_limits<std::size_t>::max(),
                [&](const YAML::Node& item, const std::string& item_path, std::size_t) {
                  stage.blockers.push_back(read_blocker(reader, item, item_path));
                });
  }
  if (auto* actions = obj->require("actions", reader)) {
    // 1..50 actions is a stage rule (SEMANTICS §2.1 rule 3), checked by the validator.
    reader.list(*actions, obj->path_of("actions"), "actions", 0,
                std::numeric_limits<std::size_t>::max(),
                [&](const YAML::Node& item, const std::string& item_path, std::size_t) {
                  stage.actions.push_back(read_action(reader, item, item_path));
                });
  }
  if (auto* failure = obj->find("onFailure")) {
    stage.onFailure = read_on_failure(reader, *failure, obj->path_of("onFailure"));
  }
  if (auto* success = obj->find("onSuccess")) {
    stage.onSuccess =
        read_condition_block(reader, *success, obj->path_of("onSuccess"), "onSuccess");
  }
  if (auto* entry = obj->find("beforeEntry")) {
    stage.beforeEntry =
        read_condition_block(reader, *entry, obj->path_of("beforeEntry"), "beforeEntry");
  }
  return stage;
}

}  // namespace lockstep::engine

// The action and rule types Lockstep knows: required configuration and artifact counts per type.
#pragma once

#include <string_view>
#include <vector>

#include "engine/pipeline_declaration.hpp"

namespace lockstep::engine {

struct ArtifactCount {
  int min = 0;
  int max = 0;
};

struct ActionTypeSpec {
  ActionCategory category;
  ActionOwner owner;
  std::string_view provider;
  std::string_view version;
  std::vector<std::string_view> required_keys;
  std::vector<std::string_view> optional_keys;
  // Types whose configuration we do not fully know (our own and open-ended ones) accept keys
  // that are not listed; the others reject them, as CodePipeline does for AWS-owned actions.
  bool open_configuration = false;
  ArtifactCount inputs;
  ArtifactCount outputs;
  bool git_source = false;  // a Git source that webhook triggers can name (SEMANTICS §2.1 rule 15)
};

struct RuleTypeSpec {
  std::string_view provider;
  std::vector<std::string_view> required_keys;
  bool allows_skip = false;     // SKIP works only with these rules (SEMANTICS §2.1 rule 11)
  bool needs_commands = false;  // the Commands rule takes `commands`, not configuration
};

// nullptr for a type Lockstep cannot run.
const ActionTypeSpec* find_action_type(const ActionTypeId& type);
const std::vector<ActionTypeSpec>& known_action_types();

// Rule types are matched on provider and version; category and owner are fixed by the model.
const RuleTypeSpec* find_rule_type(const RuleTypeId& type);
const std::vector<RuleTypeSpec>& known_rule_types();

}  // namespace lockstep::engine

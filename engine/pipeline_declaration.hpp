// A pipeline as declared: CodePipeline's PipelineDeclaration structure as plain types.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace lockstep::engine {

enum class ActionCategory { Source, Build, Deploy, Test, Invoke, Approval, Compute };
enum class ActionOwner { AWS, ThirdParty, Custom };
enum class ExecutionMode { Superseded, Queued, Parallel };
enum class PipelineType { V1, V2 };
enum class ConditionResult { Rollback, Fail, Retry, Skip };
enum class StageRetryMode { FailedActions, AllActions };
enum class PullRequestEvent { Open, Updated, Closed };

// Spellings exactly as the API writes them ("Source", "QUEUED", "FAILED_ACTIONS", ...).
const char* to_string(ActionCategory);
const char* to_string(ActionOwner);
const char* to_string(ExecutionMode);
const char* to_string(PipelineType);
const char* to_string(ConditionResult);
const char* to_string(StageRetryMode);
const char* to_string(PullRequestEvent);
std::optional<ActionCategory> parse_action_category(std::string_view);
std::optional<ActionOwner> parse_action_owner(std::string_view);
std::optional<ExecutionMode> parse_execution_mode(std::string_view);
std::optional<PipelineType> parse_pipeline_type(std::string_view);
std::optional<ConditionResult> parse_condition_result(std::string_view);
std::optional<StageRetryMode> parse_stage_retry_mode(std::string_view);
std::optional<PullRequestEvent> parse_pull_request_event(std::string_view);

using Configuration = std::map<std::string, std::string>;

struct ActionTypeId {
  ActionCategory category = ActionCategory::Source;
  ActionOwner owner = ActionOwner::AWS;
  std::string provider;
  std::string version;
  bool operator==(const ActionTypeId&) const = default;
};

struct OutputArtifact {
  std::string name;
  std::vector<std::string> files;  // Commands action only
  bool operator==(const OutputArtifact&) const = default;
};

struct EnvironmentVariable {
  std::string name;
  std::string value;
  std::string type;  // "PLAINTEXT" (default when empty) or "SECRETS_MANAGER"
  bool operator==(const EnvironmentVariable&) const = default;
};

struct ActionDeclaration {
  std::string name;
  ActionTypeId actionTypeId;
  int runOrder = 1;
  Configuration configuration;
  std::vector<std::string> commands;
  std::vector<std::string> inputArtifacts;
  std::vector<OutputArtifact> outputArtifacts;
  std::vector<std::string> outputVariables;
  std::string roleArn;
  std::string region;
  std::string namespace_;  // "namespace" on the wire
  std::optional<int> timeoutInMinutes;
  std::vector<EnvironmentVariable> environmentVariables;
  bool operator==(const ActionDeclaration&) const = default;
};

struct RuleTypeId {
  std::string category = "Rule";
  std::string owner = "AWS";
  std::string provider;
  std::string version = "1";
  bool operator==(const RuleTypeId&) const = default;
};

struct RuleDeclaration {
  std::string name;
  RuleTypeId ruleTypeId;
  Configuration configuration;
  std::vector<std::string> commands;
  std::vector<std::string> inputArtifacts;
  std::string roleArn;
  std::string region;
  std::optional<int> timeoutInMinutes;
  bool operator==(const RuleDeclaration&) const = default;
};

struct Condition {
  std::optional<ConditionResult> result;
  std::vector<RuleDeclaration> rules;
  bool operator==(const Condition&) const = default;
};

struct FailureConditions {
  std::optional<ConditionResult> result;
  std::optional<StageRetryMode> retryMode;  // retryConfiguration.retryMode
  std::vector<Condition> conditions;
  bool operator==(const FailureConditions&) const = default;
};

struct BlockerDeclaration {
  std::string name;
  std::string type;
  bool operator==(const BlockerDeclaration&) const = default;
};

struct StageDeclaration {
  std::string name;
  std::vector<BlockerDeclaration> blockers;
  std::vector<ActionDeclaration> actions;
  std::optional<FailureConditions> onFailure;
  std::vector<Condition> onSuccess;    // onSuccess.conditions
  std::vector<Condition> beforeEntry;  // beforeEntry.conditions
  bool operator==(const StageDeclaration&) const = default;
};

struct EncryptionKey {
  std::string id;
  std::string type;  // "KMS"
  bool operator==(const EncryptionKey&) const = default;
};

struct ArtifactStore {
  std::string type = "S3";
  std::string location;
  std::optional<EncryptionKey> encryptionKey;
  bool operator==(const ArtifactStore&) const = default;
};

struct PipelineVariableDeclaration {
  std::string name;
  std::optional<std::string> defaultValue;
  std::optional<std::string> description;
  bool operator==(const PipelineVariableDeclaration&) const = default;
};

struct GitFilterCriteria {
  std::vector<std::string> includes;
  std::vector<std::string> excludes;
  bool operator==(const GitFilterCriteria&) const = default;
};

struct GitPushFilter {
  std::optional<GitFilterCriteria> tags;
  std::optional<GitFilterCriteria> branches;
  std::optional<GitFilterCriteria> filePaths;
  bool operator==(const GitPushFilter&) const = default;
};

struct GitPullRequestFilter {
  std::vector<PullRequestEvent> events;  // empty = absent
  std::optional<GitFilterCriteria> branches;
  std::optional<GitFilterCriteria> filePaths;
  bool operator==(const GitPullRequestFilter&) const = default;
};

struct GitConfiguration {
  std::string sourceActionName;
  std::vector<GitPushFilter> push;
  std::vector<GitPullRequestFilter> pullRequest;
  bool operator==(const GitConfiguration&) const = default;
};

struct PipelineTriggerDeclaration {
  std::string providerType = "CodeStarSourceConnection";
  GitConfiguration gitConfiguration;
  bool operator==(const PipelineTriggerDeclaration&) const = default;
};

struct PipelineDeclaration {
  std::string name;
  std::string roleArn;
  std::optional<ArtifactStore> artifactStore;
  std::map<std::string, ArtifactStore> artifactStores;  // keyed by region
  std::vector<StageDeclaration> stages;
  int version = 1;
  ExecutionMode executionMode = ExecutionMode::Superseded;
  PipelineType pipelineType = PipelineType::V1;
  std::vector<PipelineVariableDeclaration> variables;
  std::vector<PipelineTriggerDeclaration> triggers;
  bool operator==(const PipelineDeclaration&) const = default;

  const StageDeclaration* find_stage(std::string_view stage_name) const;
};

}  // namespace lockstep::engine

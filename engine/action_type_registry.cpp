// The table of action and rule types, with the configuration keys of AWS's action reference.
#include "engine/action_type_registry.hpp"

namespace lockstep::engine {
namespace {

using C = ActionCategory;
using O = ActionOwner;

std::vector<ActionTypeSpec> build_action_types() {
  std::vector<ActionTypeSpec> types;
  // Git via a connection. ConnectionArn is optional here: a self-hosted server has no AWS
  // connections service; it finds the repository from RepositoryUrl (our extension) or from
  // FullRepositoryId and the server's Git provider configuration.
  types.push_back({C::Source,
                   O::AWS,
                   "CodeStarSourceConnection",
                   "1",
                   {"FullRepositoryId", "BranchName"},
                   {"ConnectionArn", "OutputArtifactFormat", "DetectChanges", "RepositoryUrl"},
                   false,
                   {0, 0},
                   {1, 1},
                   true});
  types.push_back({C::Source,
                   O::ThirdParty,
                   "GitHub",
                   "1",
                   {"Owner", "Repo", "Branch", "OAuthToken"},
                   {"PollForSourceChanges"},
                   false,
                   {0, 0},
                   {1, 1},
                   true});
  types.push_back({C::Source,
                   O::AWS,
                   "CodeCommit",
                   "1",
                   {"RepositoryName", "BranchName"},
                   {"PollForSourceChanges", "OutputArtifactFormat"},
                   false,
                   {0, 0},
                   {1, 1},
                   false});
  types.push_back({C::Source,
                   O::AWS,
                   "S3",
                   "1",
                   {"S3Bucket", "S3ObjectKey"},
                   {"PollForSourceChanges", "AllowOverrideForS3ObjectKey"},
                   false,
                   {0, 0},
                   {1, 1},
                   false});
  types.push_back({C::Source,
                   O::AWS,
                   "ECR",
                   "1",
                   {"RepositoryName"},
                   {"ImageTag"},
                   false,
                   {0, 0},
                   {1, 1},
                   false});
  for (C category : {C::Build, C::Test}) {
    types.push_back({category,
                     O::AWS,
                     "CodeBuild",
                     "1",
                     {"ProjectName"},
                     {"PrimarySource", "BatchEnabled", "CombineArtifacts", "EnvironmentVariables"},
                     false,
                     {1, 5},
                     {0, 5},
                     false});
  }
  // The Commands action has no configuration keys in AWS's reference; its inputs are the
  // `commands`, `environmentVariables` and `outputVariables` members. Left open so that
  // configuration added by AWS later does not break existing declarations.
  types.push_back({C::Compute, O::AWS, "Commands", "1", {}, {}, true, {1, 10}, {0, 1}, false});
  types.push_back({C::Deploy,
                   O::AWS,
                   "CodeDeploy",
                   "1",
                   {"ApplicationName", "DeploymentGroupName"},
                   {},
                   false,
                   {1, 1},
                   {0, 0},
                   false});
  types.push_back({C::Deploy,
                   O::AWS,
                   "S3",
                   "1",
                   {"BucketName", "Extract"},
                   {"ObjectKey", "KMSEncryptionKeyARN", "CannedACL", "CacheControl"},
                   false,
                   {1, 1},
                   {0, 0},
                   false});
  types.push_back({C::Deploy,
                   O::AWS,
                   "CloudFormation",
                   "1",
                   {"ActionMode", "StackName"},
                   {"Capabilities", "ChangeSetName", "OutputFileName", "ParameterOverrides",
                    "RoleArn", "TemplateConfiguration", "TemplatePath"},
                   false,
                   {0, 10},
                   {0, 1},
                   false});
  types.push_back({C::Deploy,
                   O::AWS,
                   "ECS",
                   "1",
                   {"ClusterName", "ServiceName"},
                   {"FileName", "DeploymentTimeout"},
                   false,
                   {1, 1},
                   {0, 0},
                   false});
  types.push_back({C::Invoke,
                   O::AWS,
                   "Lambda",
                   "1",
                   {"FunctionName"},
                   {"UserParameters"},
                   false,
                   {0, 5},
                   {0, 5},
                   false});
  types.push_back({C::Approval,
                   O::AWS,
                   "Manual",
                   "1",
                   {},
                   {"NotificationArn", "ExternalEntityLink", "CustomData"},
                   false,
                   {0, 0},
                   {0, 0},
                   false});
  // Our own provider: POSTs to Url. Open so the webhook executor can grow options (headers,
  // secrets) without a declaration change.
  types.push_back({C::Invoke,
                   O::Custom,
                   "Webhook",
                   "1",
                   {"Url"},
                   {"TimeoutSeconds", "Secret"},
                   true,
                   {0, 5},
                   {0, 0},
                   false});
  return types;
}

std::vector<RuleTypeSpec> build_rule_types() {
  return {
      {"VariableCheck", {"Variable", "Value", "Operator"}, true, false},
      {"DeploymentWindow", {"Cron"}, false, false},
      {"Commands", {}, false, true},
      {"LambdaInvoke", {"FunctionName"}, true, false},
      {"CloudWatchAlarm", {"AlarmName"}, false, false},
  };
}

}  // namespace

const std::vector<ActionTypeSpec>& known_action_types() {
  static const std::vector<ActionTypeSpec> types = build_action_types();
  return types;
}

const ActionTypeSpec* find_action_type(const ActionTypeId& type) {
  for (const auto& spec : known_action_types()) {
    if (spec.category == type.category && spec.owner == type.owner &&
        spec.provider == type.provider && spec.version == type.version) {
      return &spec;
    }
  }
  return nullptr;
}

const std::vector<RuleTypeSpec>& known_rule_types() {
  static const std::vector<RuleTypeSpec> types = build_rule_types();
  return types;
}

const RuleTypeSpec* find_rule_type(const RuleTypeId& type) {
  if (type.version != "1") return nullptr;
  for (const auto& spec : known_rule_types()) {
    if (spec.provider == type.provider) return &spec;
  }
  return nullptr;
}

}  // namespace lockstep::engine

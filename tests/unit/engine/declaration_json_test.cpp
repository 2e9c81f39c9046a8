// Writing declarations back as the API's JSON: shape, defaults, and the parse round trip.
#include "declaration_test_helpers.hpp"
#include "engine/pipeline_json.hpp"

namespace lockstep::engine {
namespace {

using namespace test;
using nlohmann::json;

bool has_null(const json& value) {
  if (value.is_null()) return true;
  if (value.is_structured()) {
    for (const auto& item : value) {
      if (has_null(item)) return true;
    }
  }
  return false;
}

TEST_CASE("to_json writes the API shape with defaults filled and empty optionals left out") {
  const auto result = parse_pipeline_declaration(valid_pipeline());
  REQUIRE(result.ok());
  const json out = to_json(result.declaration);
  CHECK(out["name"] == "demo");
  CHECK(out["version"] == 1);
  CHECK(out["executionMode"] == "SUPERSEDED");
  CHECK(out["pipelineType"] == "V1");
  CHECK(out["artifactStore"] == json{{"type", "S3"}, {"location", "demo-artifacts"}});
  CHECK_FALSE(out.contains("artifactStores"));
  CHECK_FALSE(out.contains("variables"));
  CHECK_FALSE(out.contains("triggers"));
  const json& build = out["stages"][1]["actions"][0];
  CHECK(build["runOrder"] == 1);
  CHECK(build["actionTypeId"] ==
        json{{"category", "Build"}, {"owner", "AWS"}, {"provider", "CodeBuild"}, {"version", "1"}});
  CHECK(build["inputArtifacts"] == json::array({{{"name", "SourceOut"}}}));
  CHECK(build["outputArtifacts"] == json::array({{{"name", "BuildOut"}}}));
  for (const char* absent : {"namespace", "roleArn", "region", "timeoutInMinutes", "commands",
                             "environmentVariables", "outputVariables"}) {
    CHECK_FALSE(build.contains(absent));
  }
  CHECK_FALSE(out["stages"][1].contains("onFailure"));
  CHECK_FALSE(has_null(out));
}

TEST_CASE("a pipeline declared without roleArn is written without it and parses back") {
  std::string text = valid_pipeline();
  const auto role = text.find("roleArn:");
  REQUIRE(role != std::string::npos);
  text.erase(role, text.find('\n', role) - role + 1);
  const auto result = parse_pipeline_declaration(text);
  REQUIRE(result.ok());
  const json out = to_json(result.declaration);
  CHECK_FALSE(out.contains("roleArn"));
  const auto again = parse_pipeline_declaration(out.dump(), DocumentFormat::Json);
  INFO(describe_problems(again));
  REQUIRE(again.ok());
  CHECK(again.declaration == result.declaration);
}

TEST_CASE("the get-pipeline fixture survives a round trip through to_json") {
  const auto first = parse_pipeline_declaration(fixture("get-pipeline-web-app.json"));
  REQUIRE(first.ok());
  const json written = to_json(first.declaration);
  const auto second = parse_pipeline_declaration(written.dump());
  INFO(describe_problems(second));
  REQUIRE(second.ok());
  CHECK(second.declaration == first.declaration);
  CHECK(to_json(second.declaration) == written);
  // The fixture's own pipeline member, which get-pipeline wrote, is what we write too.
  json original = json::parse(fixture("get-pipeline-web-app.json"))["pipeline"];
  CHECK(written == original);
}

TEST_CASE("a declaration using every member survives a round trip through to_json") {
  const std::string text = R"(name: everything
roleArn: arn:aws:iam::123456789012:role/pipeline
artifactStores:
  us-east-1: {type: S3, location: us-bucket, encryptionKey: {id: alias/key, type: KMS}}
  eu-west-1: {type: S3, location: eu-bucket}
executionMode: QUEUED
version: 4
variables:
  - {name: env, defaultValue: prod, description: where to deploy}
  - {name: required}
  - {name: empty_description, description: ""}
triggers:
  - providerType: CodeStarSourceConnection
    gitConfiguration:
      sourceActionName: src
      push: [{tags: {includes: ["v*"], excludes: [v0*]}}]
      pullRequest: [{events: [CLOSED], branches: {includes: [main]}, filePaths: {excludes: ["docs/**"]}}]
stages:
  - name: Source
    actions:
      - name: src
        actionTypeId: {category: Source, owner: AWS, provider: CodeStarSourceConnection, version: "1"}
        configuration: {FullRepositoryId: acme/demo, BranchName: main, RepositoryUrl: "https://git.example/acme/demo.git"}
        outputArtifacts: [{name: SourceOut}]
        namespace: SourceVariables
        region: us-east-1
    onFailure: {result: RETRY, retryConfiguration: {retryMode: ALL_ACTIONS}}
  - name: Check
    beforeEntry:
      conditions: [{result: SKIP, rules: [{name: only-prod, ruleTypeId: {category: Rule, owner: AWS, provider: VariableCheck, version: "1"}, configuration: {Variable: "#{variables.env}", Value: prod, Operator: EQ}}]}]
    onSuccess:
      conditions: [{result: ROLLBACK, rules: [{name: tests, ruleTypeId: {category: Rule, provider: Commands}, commands: [make test], inputArtifacts: [{name: SourceOut}], timeoutInMinutes: 30, region: us-east-1, roleArn: "arn:aws:iam::123456789012:role/rules"}]}]
    onFailure:
      result: ROLLBACK
      conditions: [{rules: [{name: window, ruleTypeId: {category: Rule, provider: DeploymentWindow}, configuration: {Cron: "0 0 9-17 ? * MON-FRI *", TimeZone: UTC}}]}]
    actions:
      - name: lint
        actionTypeId: {category: Compute, owner: AWS, provider: Commands, version: "1"}
        runOrder: 2
        commands: ["make lint #{SourceVariables.CommitId}"]
        inputArtifacts: [{name: SourceOut}]
        outputArtifacts: [{name: LintOut, files: ["reports/**", "*.txt"]}]
        outputVariables: [LINT_RESULT]
        environmentVariables: [{name: TOKEN, value: "lint/token", type: SECRETS_MANAGER}, {name: MODE, value: strict}]
        namespace: Lint
      - name: approve
        actionTypeId: {category: Approval, owner: AWS, provider: Manual, version: "1"}
        runOrder: 3
        timeoutInMinutes: 60
        configuration: {CustomData: "lint said #{Lint.LINT_RESULT}"}
        roleArn: arn:aws:iam::123456789012:role/approver
)";
  const auto first = parse_pipeline_declaration(text);
  INFO(describe_problems(first));
  REQUIRE(first.ok());
  CHECK(first.declaration.pipelineType == PipelineType::V2);
  const json written = to_json(first.declaration);
  CHECK_FALSE(has_null(written));
  CHECK(written["stages"][1]["onFailure"] ==
        json{{"result", "ROLLBACK"},
             {"conditions",
              json::array({{{"rules", json::array({{{"name", "window"},
                                                    {"ruleTypeId",
                                                     {{"category", "Rule"},
                                                      {"owner", "AWS"},
                                                      {"provider", "DeploymentWindow"},
                                                      {"version", "1"}}},
                                                    {"configuration",
                                                     {{"Cron", "0 0 9-17 ? * MON-FRI *"},
                                                      {"TimeZone", "UTC"}}}}})}}})}});
  CHECK(written["variables"][2] == json{{"name", "empty_description"}, {"description", ""}});
  CHECK(written["stages"][1]["actions"][0]["environmentVariables"][1] ==
        json{{"name", "MODE"}, {"value", "strict"}});
  const auto second = parse_pipeline_declaration(written.dump(2));
  INFO(describe_problems(second));
  REQUIRE(second.ok());
  CHECK(second.declaration == first.declaration);
}

TEST_CASE("enum values are spelled exactly as the API spells them and parse back") {
  CHECK(std::string(to_string(ActionCategory::Compute)) == "Compute");
  CHECK(std::string(to_string(ActionOwner::ThirdParty)) == "ThirdParty");
  CHECK(std::string(to_string(ExecutionMode::Superseded)) == "SUPERSEDED");
  CHECK(std::string(to_string(PipelineType::V2)) == "V2");
  CHECK(std::string(to_string(ConditionResult::Rollback)) == "ROLLBACK");
  CHECK(std::string(to_string(StageRetryMode::FailedActions)) == "FAILED_ACTIONS");
  CHECK(std::string(to_string(PullRequestEvent::Updated)) == "UPDATED");
  for (auto v :
       {ActionCategory::Source, ActionCategory::Build, ActionCategory::Deploy, ActionCategory::Test,
        ActionCategory::Invoke, ActionCategory::Approval, ActionCategory::Compute}) {
    CHECK(parse_action_category(to_string(v)) == v);
  }
  for (auto v : {ExecutionMode::Superseded, ExecutionMode::Queued, ExecutionMode::Parallel}) {
    CHECK(parse_execution_mode(to_string(v)) == v);
  }
  for (auto v : {ConditionResult::Rollback, ConditionResult::Fail, ConditionResult::Retry,
                 ConditionResult::Skip}) {
    CHECK(parse_condition_result(to_string(v)) == v);
  }
  CHECK(parse_stage_retry_mode("ALL_ACTIONS") == StageRetryMode::AllActions);
  CHECK(parse_pull_request_event("CLOSED") == PullRequestEvent::Closed);
  CHECK(parse_action_owner("Custom") == ActionOwner::Custom);
  CHECK(parse_pipeline_type("V1") == PipelineType::V1);
  // Case sensitive, as the API is.
  CHECK_FALSE(parse_execution_mode("queued"));
  CHECK_FALSE(parse_action_category("source"));
  CHECK_FALSE(parse_pipeline_type(""));
}

}  // namespace
}  // namespace lockstep::engine

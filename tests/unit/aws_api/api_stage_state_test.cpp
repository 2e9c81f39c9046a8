// GetPipelineState's source revisions, condition states and retry metadata, and the two operations
// that act on them: OverrideStageCondition and RollbackStage (SEMANTICS §14, §15.3, §16.5).
#include "tests/unit/aws_api/api_fixture.hpp"

namespace {

using lockstep::testing::ApiFixture;
using nlohmann::json;

json action(const char* name, const char* category, const char* provider, json configuration,
            json inputs, json outputs) {
  return {{"name", name},
          {"actionTypeId",
           {{"category", category}, {"owner", "AWS"}, {"provider", provider}, {"version", "1"}}},
          {"configuration", std::move(configuration)},
          {"inputArtifacts", std::move(inputs)},
          {"outputArtifacts", std::move(outputs)}};
}

json rule(const char* name, const char* provider, json configuration) {
  return {{"name", name},
          {"ruleTypeId",
           {{"category", "Rule"}, {"owner", "AWS"}, {"provider", provider}, {"version", "1"}}},
          {"configuration", std::move(configuration)}};
}

// Source (src, namespace SourceVariables) -> Build (build), with `build_stage` extras such as a
// beforeEntry condition.
json two_stages(const std::string& name, json build_stage = json::object()) {
  json src = action("src", "Source", "CodeStarSourceConnection",
                    {{"FullRepositoryId", "acme/demo"}, {"BranchName", "main"}}, json::array(),
                    json::array({{{"name", "SourceOutput"}}}));
  src["namespace"] = "SourceVariables";
  build_stage["name"] = "Build";
  build_stage["actions"] =
      json::array({action("build", "Build", "CodeBuild", {{"ProjectName", "demo"}},
                          json::array({{{"name", "SourceOutput"}}}), json::array())});
  return {{"name", name},
          {"roleArn", "arn:aws:iam::123456789012:role/lockstep"},
          {"artifactStore", {{"type", "S3"}, {"location", "lockstep-artifacts"}}},
          {"stages", json::array({{{"name", "Source"}, {"actions", json::array({src})}},
                                  std::move(build_stage)})}};
}

json before_entry(const char* result, json rules) {
  return {{"beforeEntry", {{"conditions", json::array({{{"result", result}, {"rules", rules}}})}}}};
}

const json& stage(const json& state, const std::string& name) {
  for (const json& s : state["stageStates"]) {
    if (s["stageName"] == name) return s;
  }
  FAIL("no stage " << name << " in " << state.dump());
  throw std::logic_error("unreachable");
}

// Which execution the executor is running `action` for; empty when none.
std::string running_execution(const lockstep::testing::FakeExecutor& executor,
                              const std::string& action_name) {
  std::string id;
  for (const auto& s : executor.started()) {
    if (s.action.name == action_name) id = s.pipelineExecutionId;
  }
  return executor.is_running(action_name) ? id : "";
}

}  // namespace

TEST_CASE("GetPipelineState shows the source revision and a failed entry condition") {
  ApiFixture api;
  auto& executor = api.server.executor;
  api.call(
      "CreatePipeline",
      {{"pipeline",
        two_stages(
            "guarded",
            before_entry("FAIL", json::array({rule("onMain", "VariableCheck",
                                                   {{"Variable", "#{SourceVariables.BranchName}"},
                                                    {"Value", "main"},
                                                    {"Operator", "EQ"}})})))}});
  REQUIRE(executor.complete(
      "src", lockstep::engine::ActionOutcome::Succeeded, "",
      {{"CommitId", "9f1c0d2e"}, {"AuthorDate", "2024-06-01T10:00:00Z"}, {"BranchName", "dev"}}));
  json state;
  ApiFixture::wait_until([&] {
    state = api.call("GetPipelineState", {{"name", "guarded"}});
    return stage(state, "Build").contains("latestExecution") &&
           stage(state, "Build")["latestExecution"]["status"] == "Failed";
  });
  const json& revision = stage(state, "Source")["actionStates"][0]["currentRevision"];
  CHECK(revision["revisionId"] == "9f1c0d2e");
  CHECK(revision["revisionChangeId"] == "2024-06-01T10:00:00Z");
  CHECK(revision["created"].is_number());
  const json& build = stage(state, "Build");
  CHECK_FALSE(build["actionStates"][0].contains("currentRevision"));
  CHECK_FALSE(build["actionStates"][0].contains("latestExecution"));  // the action never ran
  REQUIRE(build.contains("beforeEntryConditionState"));
  CHECK_FALSE(build.contains("onSuccessConditionState"));
  const json& condition = build["beforeEntryConditionState"];
  CHECK(condition["latestExecution"]["status"] == "Failed");
  REQUIRE(condition["conditionStates"].size() == 1);
  CHECK(condition["conditionStates"][0]["latestExecution"]["status"] == "Failed");
  const json& rules = condition["conditionStates"][0]["ruleStates"];
  REQUIRE(rules.size() == 1);
  CHECK(rules[0]["ruleName"] == "onMain");
  CHECK(rules[0]["latestExecution"]["status"] == "Failed");
  CHECK(rules[0]["latestExecution"]["ruleExecutionId"].get<std::string>().size() > 0);
  CHECK(executor.started().size() == 1);  // only src was ever started
}

TEST_CASE("GetPipelineState shows retryStageMetadata after RetryStageExecution") {
  ApiFixture api;
  auto& executor = api.server.executor;
  api.call("CreatePipeline", {{"pipeline", two_stages("retried")}});
  REQUIRE(executor.complete("src"));
  ApiFixture::wait_until([&] { return executor.is_running("build"); });
  const std::string id = running_execution(executor, "build");
  CHECK_FALSE(stage(api.call("GetPipelineState", {{"name", "retried"}}), "Build")
                  .contains("retryStageMetadata"));
  REQUIRE(executor.complete("build", lockstep::engine::ActionOutcome::Failed, "tests failed"));
  ApiFixture::wait_until([&] {
    return api.call("GetPipelineExecution",
                    {{"pipelineName", "retried"},
                     {"pipelineExecutionId", id}})["pipelineExecution"]["status"] == "Failed";
  });
  CHECK(api.call("RetryStageExecution", {{"pipelineName", "retried"},
                                         {"stageName", "Build"},
                                         {"pipelineExecutionId", id},
                                         {"retryMode", "FAILED_ACTIONS"}})["pipelineExecutionId"] ==
        id);
  const json build = stage(api.call("GetPipelineState", {{"name", "retried"}}), "Build");
  REQUIRE(build.contains("retryStageMetadata"));
  CHECK(build["retryStageMetadata"]["manualStageRetryAttempt"] == 1);
  CHECK_FALSE(build["retryStageMetadata"].contains("autoStageRetryAttempt"));
  CHECK(build["retryStageMetadata"]["latestRetryTrigger"] == "ManualStageRetry");
  CHECK(build["latestExecution"]["status"] == "InProgress");
}

TEST_CASE("OverrideStageCondition lets an execution through a closed deployment window") {
  ApiFixture api;
  auto& executor = api.server.executor;
  // A window one minute long, at midnight on 29 February: the rule waits (the next leap day is
  // always within the evaluator's five-year search).
  api.call(
      "CreatePipeline",
      {{"pipeline",
        two_stages("windowed", before_entry("FAIL", json::array({rule("window", "DeploymentWindow",
                                                                      {{"Cron", "0 0 0 29 2 ? *"},
                                                                       {"TimeZone", "UTC"}})})))}});
  const std::string first = executor.started().front().pipelineExecutionId;
  REQUIRE(executor.complete("src"));
  json state;
  ApiFixture::wait_until([&] {
    state = api.call("GetPipelineState", {{"name", "windowed"}});
    return stage(state, "Build").contains("beforeEntryConditionState");
  });
  const json& waiting = stage(state, "Build")["beforeEntryConditionState"];
  CHECK(waiting["latestExecution"]["status"] == "InProgress");
  CHECK(waiting["conditionStates"][0]["ruleStates"][0]["latestExecution"]["status"] ==
        "InProgress");
  CHECK(stage(state, "Build")["latestExecution"]["status"] == "InProgress");
  CHECK_FALSE(executor.is_running("build"));

  const json request = {{"pipelineName", "windowed"},
                        {"stageName", "Build"},
                        {"pipelineExecutionId", first},
                        {"conditionType", "BEFORE_ENTRY"}};
  json wrong_stage = request;
  wrong_stage["stageName"] = "Deploy";
  CHECK(api.call("OverrideStageCondition", wrong_stage, 400)["__type"] == "StageNotFoundException");
  json on_success = request;
  on_success["conditionType"] = "ON_SUCCESS";
  CHECK(api.call("OverrideStageCondition", on_success, 400)["__type"] ==
        "ConditionNotOverridableException");
  json unknown = request;
  unknown["pipelineName"] = "ghost";
  CHECK(api.call("OverrideStageCondition", unknown, 400)["__type"] == "PipelineNotFoundException");
  json bad_type = request;
  bad_type["conditionType"] = "ON_FAILURE";
  CHECK(api.call("OverrideStageCondition", bad_type, 400)["__type"] == "ValidationException");

  CHECK(api.call("OverrideStageCondition", request).empty());
  ApiFixture::wait_until([&] { return executor.is_running("build"); });
  const json build = stage(api.call("GetPipelineState", {{"name", "windowed"}}), "Build");
  CHECK(build["beforeEntryConditionState"]["latestExecution"]["status"] == "Overridden");
  CHECK(build["beforeEntryConditionState"]["conditionStates"][0]["ruleStates"][0]["latestExecution"]
             ["status"] == "Abandoned");
  // Once overridden, the condition is no longer being evaluated.
  CHECK(api.call("OverrideStageCondition", request, 400)["__type"] ==
        "ConditionNotOverridableException");
}

TEST_CASE("RollbackStage re-runs a stage with an earlier execution's revision") {
  ApiFixture api;
  auto& executor = api.server.executor;
  api.call("CreatePipeline", {{"pipeline", two_stages("rolling")}});
  std::vector<std::string> ids;
  for (const char* commit : {"1111111", "2222222"}) {
    if (ids.size() == 1) api.call("StartPipelineExecution", {{"name", "rolling"}});
    ApiFixture::wait_until([&] { return executor.is_running("src"); });
    ids.push_back(running_execution(executor, "src"));
    REQUIRE(executor.complete("src", lockstep::engine::ActionOutcome::Succeeded, "",
                              {{"CommitId", commit}}));
    ApiFixture::wait_until([&] { return executor.is_running("build"); });
    REQUIRE(executor.complete("build"));
    ApiFixture::wait_until([&] {
      return api.call("GetPipelineExecution",
                      {{"pipelineName", "rolling"},
                       {"pipelineExecutionId", ids.back()}})["pipelineExecution"]["status"] ==
             "Succeeded";
    });
  }
  const json rollback = {
      {"pipelineName", "rolling"}, {"stageName", "Build"}, {"targetPipelineExecutionId", ids[0]}};
  json source_stage = rollback;
  source_stage["stageName"] = "Source";
  CHECK(api.call("RollbackStage", source_stage, 400)["__type"] == "UnableToRollbackStageException");
  json unknown_stage = rollback;
  unknown_stage["stageName"] = "Deploy";
  CHECK(api.call("RollbackStage", unknown_stage, 400)["__type"] == "StageNotFoundException");
  json unknown_target = rollback;
  unknown_target["targetPipelineExecutionId"] = "00000000-0000-4000-8000-000000000000";
  CHECK(api.call("RollbackStage", unknown_target, 400)["__type"] ==
        "PipelineExecutionNotFoundException");

  const std::string rolled = api.call("RollbackStage", rollback)["pipelineExecutionId"];
  CHECK(rolled != ids[0]);
  CHECK(rolled != ids[1]);
  ApiFixture::wait_until([&] { return running_execution(executor, "build") == rolled; });
  // The rollback runs Build only, on the target's artifacts.
  const auto started = executor.started();
  REQUIRE(started.back().pipelineExecutionId == rolled);
  REQUIRE(started.back().inputArtifacts.size() == 1);
  CHECK(started.back().inputArtifacts[0].revisionId == "1111111");
  const json state = api.call("GetPipelineState", {{"name", "rolling"}});
  CHECK(stage(state, "Build")["latestExecution"]["pipelineExecutionId"] == rolled);
  CHECK(stage(state, "Build")["latestExecution"]["type"] == "ROLLBACK");
  CHECK(stage(state, "Source")["latestExecution"]["pipelineExecutionId"] == ids[1]);
  // A stage that is running cannot be rolled back.
  CHECK(api.call("RollbackStage", rollback, 400)["__type"] == "UnableToRollbackStageException");

  REQUIRE(executor.complete("build"));
  json execution;
  ApiFixture::wait_until([&] {
    execution = api.call("GetPipelineExecution",
                         {{"pipelineName", "rolling"}, {"pipelineExecutionId", rolled}});
    return execution["pipelineExecution"]["status"] == "Succeeded";
  });
  CHECK(execution["pipelineExecution"]["executionType"] == "ROLLBACK");
  CHECK(execution["pipelineExecution"]["rollbackMetadata"]["rollbackTargetPipelineExecutionId"] ==
        ids[0]);
  CHECK(execution["pipelineExecution"]["trigger"]["triggerType"] == "ManualRollback");
  // A rollback execution is no target for another rollback.
  json of_rollback = rollback;
  of_rollback["targetPipelineExecutionId"] = rolled;
  CHECK(api.call("RollbackStage", of_rollback, 400)["__type"] == "UnableToRollbackStageException");
}

// Listings page with opaque tokens, read the whole history from storage, and refuse tokens they
// did not issue.
#include "tests/support/server/demo_pipeline.hpp"
#include "tests/unit/aws_api/api_fixture.hpp"

namespace {

using lockstep::testing::ApiFixture;
using nlohmann::json;

}  // namespace

TEST_CASE("ListPipelines pages by name and refuses a token it did not issue") {
  ApiFixture api;
  for (const char* name : {"charlie", "alpha", "bravo"}) {
    api.call("CreatePipeline", {{"pipeline", lockstep::testing::demo_pipeline(name)}});
  }
  const json first = api.call("ListPipelines", {{"maxResults", 2}});
  REQUIRE(first["pipelines"].size() == 2);
  CHECK(first["pipelines"][0]["name"] == "alpha");
  CHECK(first["pipelines"][1]["name"] == "bravo");
  CHECK(first["pipelines"][0]["version"] == 1);
  CHECK(first["pipelines"][0]["executionMode"] == "SUPERSEDED");
  REQUIRE(first.contains("nextToken"));
  const json second = api.call("ListPipelines", {{"nextToken", first["nextToken"]}});
  REQUIRE(second["pipelines"].size() == 1);
  CHECK(second["pipelines"][0]["name"] == "charlie");
  CHECK_FALSE(second.contains("nextToken"));
  CHECK(api.call("ListPipelines", {{"nextToken", "abcdef"}}, 400)["__type"] ==
        "InvalidNextTokenException");
}

TEST_CASE("ListPipelineExecutions lists every execution newest first across pages") {
  ApiFixture api;
  api.call("CreatePipeline", {{"pipeline", lockstep::testing::demo_pipeline("history")}});
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i) {
    ids.push_back(api.call("StartPipelineExecution", {{"name", "history"}})["pipelineExecutionId"]);
  }
  const json first =
      api.call("ListPipelineExecutions", {{"pipelineName", "history"}, {"maxResults", 3}});
  REQUIRE(first["pipelineExecutionSummaries"].size() == 3);
  CHECK(first["pipelineExecutionSummaries"][0]["pipelineExecutionId"] == ids[2]);
  CHECK(first["pipelineExecutionSummaries"][1]["pipelineExecutionId"] == ids[1]);
  CHECK(first["pipelineExecutionSummaries"][2]["pipelineExecutionId"] == ids[0]);
  REQUIRE(first.contains("nextToken"));
  const json second = api.call("ListPipelineExecutions",
                               {{"pipelineName", "history"}, {"nextToken", first["nextToken"]}});
  REQUIRE(second["pipelineExecutionSummaries"].size() == 1);
  const json oldest = second["pipelineExecutionSummaries"][0];
  CHECK(oldest["trigger"]["triggerType"] == "CreatePipeline");
  CHECK_FALSE(second.contains("nextToken"));
  // A token issued for one pipeline is refused for another.
  api.call("CreatePipeline", {{"pipeline", lockstep::testing::demo_pipeline("other")}});
  CHECK(api.call("ListPipelineExecutions",
                 {{"pipelineName", "other"}, {"nextToken", first["nextToken"]}},
                 400)["__type"] == "InvalidNextTokenException");
  const json execution = api.call("GetPipelineExecution",
                                  {{"pipelineName", "history"}, {"pipelineExecutionId", ids[0]}});
  CHECK(execution["pipelineExecution"]["pipelineExecutionId"] == ids[0]);
  CHECK(api.call("GetPipelineExecution",
                 {{"pipelineName", "other"}, {"pipelineExecutionId", ids[0]}},
                 400)["__type"] == "PipelineExecutionNotFoundException");
}

TEST_CASE("ListActionExecutions pages every attempt newest first") {
  ApiFixture api;
  auto& executor = api.server.executor;
  api.call("CreatePipeline", {{"pipeline", lockstep::testing::demo_pipeline("attempts")}});
  REQUIRE(executor.complete("src"));
  ApiFixture::wait_until([&] { return executor.is_running("build"); });
  REQUIRE(executor.complete("build"));
  ApiFixture::wait_until([&] { return executor.started().size() == 3; });

  const json first =
      api.call("ListActionExecutions", {{"pipelineName", "attempts"}, {"maxResults", 2}});
  const json& details = first["actionExecutionDetails"];
  REQUIRE(details.size() == 2);
  CHECK(details[0]["actionName"] == "approve");
  CHECK(details[0]["status"] == "InProgress");
  // The approval token is the approval's external id, as PARALLEL pipelines need it.
  CHECK(details[0]["output"]["executionResult"]["externalExecutionId"].get<std::string>().size() ==
        36);
  CHECK(details[1]["actionName"] == "build");
  CHECK(details[1]["input"]["resolvedConfiguration"]["ProjectName"] == "demo");
  REQUIRE(first.contains("nextToken"));
  const json second = api.call("ListActionExecutions",
                               {{"pipelineName", "attempts"}, {"nextToken", first["nextToken"]}});
  REQUIRE(second["actionExecutionDetails"].size() == 1);
  CHECK(second["actionExecutionDetails"][0]["actionName"] == "src");
  CHECK_FALSE(second.contains("nextToken"));
  CHECK(api.call("ListActionExecutions",
                 {{"pipelineName", "attempts"},
                  {"filter", {{"pipelineExecutionId", "00000000-0000-4000-8000-000000000000"}}}},
                 400)["__type"] == "PipelineExecutionNotFoundException");
}

TEST_CASE("GetPipelineState reports every stage with its transition and latest execution") {
  ApiFixture api;
  api.call("CreatePipeline", {{"pipeline", lockstep::testing::demo_pipeline("shape")}});
  const json state = api.call("GetPipelineState", {{"name", "shape"}});
  CHECK(state["pipelineName"] == "shape");
  CHECK(state["pipelineVersion"] == 1);
  CHECK(state["created"].is_number());
  REQUIRE(state["stageStates"].size() == 3);
  const json& source = state["stageStates"][0];
  CHECK(source["stageName"] == "Source");
  CHECK(source["inboundTransitionState"]["enabled"] == true);
  CHECK(source["latestExecution"]["status"] == "InProgress");
  CHECK(source["actionStates"][0]["actionName"] == "src");
  CHECK(source["actionStates"][0]["latestExecution"]["status"] == "InProgress");
  CHECK(source["actionStates"][0]["latestExecution"]["lastStatusChange"].is_number());
  CHECK_FALSE(state["stageStates"][1].contains("latestExecution"));
}

TEST_CASE("ListPipelineExecutions filters on executions that succeeded in a stage") {
  ApiFixture api;
  auto& executor = api.server.executor;
  api.call("CreatePipeline", {{"pipeline", lockstep::testing::demo_pipeline("filtered")}});
  REQUIRE(executor.complete("src"));
  ApiFixture::wait_until([&] { return executor.is_running("build"); });
  const std::string first = executor.started().front().pipelineExecutionId;
  api.call("StartPipelineExecution", {{"name", "filtered"}});

  const json all = api.call("ListPipelineExecutions", {{"pipelineName", "filtered"}});
  CHECK(all["pipelineExecutionSummaries"].size() == 2);
  const json source = api.call("ListPipelineExecutions",
                               {{"pipelineName", "filtered"},
                                {"filter", {{"succeededInStage", {{"stageName", "Source"}}}}}});
  REQUIRE(source["pipelineExecutionSummaries"].size() == 1);
  CHECK(source["pipelineExecutionSummaries"][0]["pipelineExecutionId"] == first);
  const json build = api.call(
      "ListPipelineExecutions",
      {{"pipelineName", "filtered"}, {"filter", {{"succeededInStage", {{"stageName", "Build"}}}}}});
  CHECK(build["pipelineExecutionSummaries"].empty());
}

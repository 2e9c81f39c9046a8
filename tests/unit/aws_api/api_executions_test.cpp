// Execution operations through the API: idempotent starts and the engine's refusals in AWS's shape.
#include "tests/support/server/demo_pipeline.hpp"
#include "tests/unit/aws_api/api_fixture.hpp"

namespace {

using lockstep::testing::ApiFixture;
using nlohmann::json;

}  // namespace

TEST_CASE("a repeated clientRequestToken returns the execution the first start created") {
  ApiFixture api;
  api.call("CreatePipeline", {{"pipeline", lockstep::testing::demo_pipeline("tokens")}});
  const json input = {{"name", "tokens"}, {"clientRequestToken", "retry-0001"}};
  const std::string first = api.call("StartPipelineExecution", input)["pipelineExecutionId"];
  const std::string again = api.call("StartPipelineExecution", input)["pipelineExecutionId"];
  CHECK(first == again);
  const std::string other =
      api.call("StartPipelineExecution",
               {{"name", "tokens"}, {"clientRequestToken", "retry-0002"}})["pipelineExecutionId"];
  CHECK(other != first);
  const json listed = api.call("ListPipelineExecutions", {{"pipelineName", "tokens"}});
  CHECK(listed["pipelineExecutionSummaries"].size() == 3);  // CreatePipeline's and two starts
}

TEST_CASE("starting or stopping on an unknown pipeline answers PipelineNotFoundException") {
  ApiFixture api;
  CHECK(api.call("StartPipelineExecution", {{"name", "ghost"}}, 400)["__type"] ==
        "PipelineNotFoundException");
  CHECK(api.call("StopPipelineExecution",
                 {{"pipelineName", "ghost"},
                  {"pipelineExecutionId", "00000000-0000-4000-8000-000000000000"}},
                 400)["__type"] == "PipelineNotFoundException");
  CHECK(api.call("EnableStageTransition",
                 {{"pipelineName", "ghost"}, {"stageName", "Build"}, {"transitionType", "Inbound"}},
                 400)["__type"] == "PipelineNotFoundException");
}

TEST_CASE("DeletePipeline removes the pipeline with its history and is idempotent") {
  ApiFixture api;
  api.call("CreatePipeline", {{"pipeline", lockstep::testing::demo_pipeline("doomed")}});
  const std::string id =
      api.call("StartPipelineExecution", {{"name", "doomed"}})["pipelineExecutionId"];
  CHECK(api.call("DeletePipeline", {{"name", "doomed"}}).empty());
  CHECK(api.call("GetPipelineState", {{"name", "doomed"}}, 400)["__type"] ==
        "PipelineNotFoundException");
  CHECK(api.call("GetPipelineExecution", {{"pipelineName", "doomed"}, {"pipelineExecutionId", id}},
                 400)["__type"] == "PipelineNotFoundException");
  CHECK(api.call("DeletePipeline", {{"name", "doomed"}}).empty());
  // The name is free again, and the new pipeline starts with no history.
  api.call("CreatePipeline", {{"pipeline", lockstep::testing::demo_pipeline("doomed")}});
  CHECK(
      api.call("ListPipelineExecutions", {{"pipelineName", "doomed"}})["pipelineExecutionSummaries"]
          .size() == 1);
}

// Errors in AWS's shape: authentication failures, unknown operations, malformed bodies and
// request validation that reports every violated constraint at once.
#include "tests/support/server/demo_pipeline.hpp"
#include "tests/unit/aws_api/api_fixture.hpp"

namespace {

using lockstep::testing::ApiFixture;
using lockstep::testing::AwsRequestOptions;
using nlohmann::json;

std::string type_of(const lockstep::testing::HttpResult& result) {
  return json::parse(result.body).value("__type", "");
}

}  // namespace

TEST_CASE("an error answer names the exception in __type and X-Amzn-ErrorType with a request id") {
  ApiFixture api;
  const auto result = api.raw("GetPipeline", R"({"name":"missing"})");
  CHECK(result.status == 400);
  CHECK(result.header("content-type") == "application/x-amz-json-1.1");
  CHECK(result.header("x-amzn-errortype") == "PipelineNotFoundException");
  CHECK(result.header("x-amzn-requestid").size() == 36);
  const json body = json::parse(result.body);
  CHECK(body["__type"] == "PipelineNotFoundException");
  CHECK(body["message"].get<std::string>().find("missing") != std::string::npos);
}

TEST_CASE("a request without a signature is refused with MissingAuthenticationTokenException") {
  ApiFixture api;
  AwsRequestOptions unsigned_request;
  unsigned_request.sign = false;
  const auto result = api.raw("ListPipelines", "{}", unsigned_request);
  CHECK(result.status == 403);
  CHECK(type_of(result) == "MissingAuthenticationTokenException");
}

TEST_CASE("a request signed with another secret is refused with InvalidSignatureException") {
  ApiFixture api;
  AwsRequestOptions wrong;
  wrong.secretAccessKey = "not-the-secret";
  const auto result = api.raw("ListPipelines", "{}", wrong);
  CHECK(result.status == 400);
  CHECK(type_of(result) == "InvalidSignatureException");
  CHECK(result.body.find("not-the-secret") == std::string::npos);
  CHECK(result.body.find("lockstep-test-secret") == std::string::npos);
}

TEST_CASE("a request from an unknown access key is refused with InvalidClientTokenId") {
  ApiFixture api;
  AwsRequestOptions stranger;
  stranger.accessKeyId = "AKIDSTRANGER";
  const auto result = api.raw("ListPipelines", "{}", stranger);
  CHECK(result.status == 403);
  CHECK(type_of(result) == "InvalidClientTokenId");
}

TEST_CASE("a request signed more than 15 minutes ago is refused with RequestExpired") {
  ApiFixture api;
  AwsRequestOptions old;
  old.signedAt = lockstep::engine::SystemClock().now() - 16 * 60 * 1000;
  CHECK(type_of(api.raw("ListPipelines", "{}", old)) == "RequestExpired");
  AwsRequestOptions recent;
  recent.signedAt = lockstep::engine::SystemClock().now() - 10 * 60 * 1000;
  CHECK(api.raw("ListPipelines", "{}", recent).status == 200);
}

TEST_CASE("a credential scoped to another region or service is refused") {
  ApiFixture api;
  AwsRequestOptions region;
  region.region = "eu-west-1";
  CHECK(type_of(api.raw("ListPipelines", "{}", region)) == "InvalidSignatureException");
  AwsRequestOptions service;
  service.service = "codebuild";
  CHECK(type_of(api.raw("ListPipelines", "{}", service)) == "InvalidSignatureException");
}

TEST_CASE("an unknown or missing X-Amz-Target is answered with UnknownOperationException") {
  ApiFixture api;
  AwsRequestOptions other;
  other.target = "CodePipeline_20150709.DeleteEverything";
  CHECK(type_of(api.raw("", "{}", other)) == "UnknownOperationException");
  AwsRequestOptions other_service;
  other_service.target = "CodeBuild_20161006.ListProjects";
  CHECK(type_of(api.raw("", "{}", other_service)) == "UnknownOperationException");
}

TEST_CASE("a body that is not a JSON object is answered with SerializationException") {
  ApiFixture api;
  CHECK(type_of(api.raw("ListPipelines", "{not json")) == "SerializationException");
  CHECK(type_of(api.raw("ListPipelines", "[1, 2]")) == "SerializationException");
  CHECK(type_of(api.raw("GetPipeline", R"({"name": 42})")) == "SerializationException");
}

TEST_CASE("every violated constraint of a request is reported in one ValidationException") {
  ApiFixture api;
  const json error = api.call("StopPipelineExecution",
                              {{"pipelineName", "no spaces allowed"},
                               {"pipelineExecutionId", "NOT-A-UUID"},
                               {"reason", std::string(201, 'x')}},
                              400);
  CHECK(error["__type"] == "ValidationException");
  const std::string message = error["message"];
  CHECK(message.starts_with("3 validation errors detected: "));
  CHECK(message.find("at 'pipelineName' failed to satisfy constraint: Member must satisfy "
                     "regular expression pattern") != std::string::npos);
  CHECK(message.find("at 'pipelineExecutionId'") != std::string::npos);
  CHECK(message.find("at 'reason' failed to satisfy constraint: Member must have length less "
                     "than or equal to 200") != std::string::npos);
}

TEST_CASE("a missing required member is reported as a null value") {
  ApiFixture api;
  const json error = api.call("PutApprovalResult",
                              {{"pipelineName", "p"},
                               {"stageName", "s"},
                               {"actionName", "a"},
                               {"result", {{"status", "Maybe"}}}},
                              400);
  CHECK(error["__type"] == "ValidationException");
  const std::string message = error["message"];
  CHECK(message.find("Value null at 'token' failed to satisfy constraint: Member must not be "
                     "null") != std::string::npos);
  CHECK(message.find("Value null at 'result.summary'") != std::string::npos);
  CHECK(message.find("at 'result.status' failed to satisfy constraint: Member must satisfy enum "
                     "value set: [Approved, Rejected]") != std::string::npos);
}

TEST_CASE("CreatePipeline refuses an invalid declaration with the exception its problems map to") {
  ApiFixture api;
  json pipeline = lockstep::testing::demo_pipeline("broken");
  pipeline["stages"].erase(1);
  pipeline["stages"].erase(1);  // a single stage: CodePipeline wants at least two
  const json error = api.call("CreatePipeline", {{"pipeline", pipeline}}, 400);
  CHECK(error["__type"] == "InvalidStructureException");
  CHECK(api.call("ListPipelines", json::object())["pipelines"].empty());
}

TEST_CASE("CreatePipeline refuses a name already in use and UpdatePipeline an unknown pipeline") {
  ApiFixture api;
  const json pipeline = lockstep::testing::demo_pipeline("taken");
  api.call("CreatePipeline", {{"pipeline", pipeline}});
  CHECK(api.call("CreatePipeline", {{"pipeline", pipeline}}, 400)["__type"] ==
        "PipelineNameInUseException");
  CHECK(api.call("UpdatePipeline", {{"pipeline", lockstep::testing::demo_pipeline("nobody")}},
                 400)["__type"] == "PipelineNotFoundException");
}

TEST_CASE("in unauthenticated mode an unsigned request is served") {
  ApiFixture api(true);
  AwsRequestOptions unsigned_request;
  unsigned_request.sign = false;
  const auto result = api.raw("ListPipelines", "{}", unsigned_request);
  CHECK(result.status == 200);
  CHECK(json::parse(result.body)["pipelines"].empty());
}

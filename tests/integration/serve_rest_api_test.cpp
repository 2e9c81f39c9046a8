// `lockstep serve` answers the REST API with the admin token from LOCKSTEP_API_TOKEN.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <regex>

#include "tests/integration/lockstep_process.hpp"
#include "tests/support/rest_request.hpp"
#include "tests/support/server/demo_pipeline.hpp"
#include "tests/support/sse_client.hpp"

using namespace lockstep::testing;
using nlohmann::json;

TEST_CASE("the daemon starts an execution for a caller with the LOCKSTEP_API_TOKEN token",
          "[serve]") {
  const std::string token = "integration-admin-token-42";
  TempDir dir;
  ProcessOptions options;
  options.environment["LOCKSTEP_API_TOKEN"] = token;
  ServerProcess server(dir / "data", {}, options);
  static const std::regex recovered("execution state recovered");
  REQUIRE(server.process().await_stderr_line(recovered, std::chrono::seconds(20)));

  CHECK(rest_request(server.port(), {"GET", "/api/v1/pipelines", ""}).status == 401);
  CHECK(rest_request(server.port(), {"GET", "/api/v1/pipelines", "another-token-of-16"}).status ==
        401);

  const auto created = rest_request(
      server.port(),
      {"POST", "/api/v1/pipelines", token, json{{"pipeline", demo_pipeline("served")}}.dump()});
  INFO(created.body);
  REQUIRE(created.status == 201);
  const auto started =
      rest_request(server.port(), {"POST", "/api/v1/pipelines/served/executions", token,
                                   json{{"clientRequestToken", "integration-1"}}.dump()});
  INFO(started.body);
  REQUIRE(started.status == 200);
  const std::string id = json::parse(started.body)["pipelineExecutionId"];

  const auto execution =
      rest_request(server.port(), {"GET", "/api/v1/pipelines/served/executions/" + id, token});
  REQUIRE(execution.status == 200);
  const json body = json::parse(execution.body);
  CHECK(body["pipelineExecutionId"] == id);
  CHECK(body["trigger"]["triggerType"] == "StartPipelineExecution");
  CHECK(body["trigger"]["triggerDetail"] == "LOCKSTEP_API_TOKEN");
  // The token never reaches the log.
  server.stop();
  CHECK(server.process().err().find(token) == std::string::npos);
}

TEST_CASE("the daemon's live streams ask for a bearer token like the rest of the REST API",
          "[serve]") {
  const std::string token = "integration-stream-token-42";
  TempDir dir;
  ProcessOptions options;
  options.environment["LOCKSTEP_API_TOKEN"] = token;
  ServerProcess server(dir / "data", {}, options);

  SseClient anonymous(server.port(), "/api/v1/events");
  CHECK(anonymous.head().status == 401);
  SseClient wrong(server.port(), "/api/v1/events", {{"Authorization", "Bearer not-the-token-42"}});
  CHECK(wrong.head().status == 401);
  SseClient anonymous_log(server.port(), "/api/v1/pipelines/p/executions/e/actions/a/log/stream");
  CHECK(anonymous_log.head().status == 401);

  SseClient events(server.port(), "/api/v1/events", {{"Authorization", "Bearer " + token}});
  REQUIRE(events.head().status == 200);
  CHECK(events.head().header("content-type").starts_with("text/event-stream"));
  // A known token without a running action is told the log does not exist, not refused.
  SseClient log(server.port(), "/api/v1/pipelines/p/executions/e/actions/a/log/stream",
                {{"Authorization", "Bearer " + token}});
  CHECK(log.head().status == 404);
}

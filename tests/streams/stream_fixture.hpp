// The stream routes served in-process next to the CodePipeline API: executions run on the
// FakeExecutor, and a test plays the executor's part for logs by writing to a LiveLogs sink.
#pragma once

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <chrono>
#include <optional>
#include <set>
#include <string>
#include <thread>

#include "executors/local/live_logs.hpp"
#include "executors/local/workspace.hpp"
#include "server/aws_api/aws_api.hpp"
#include "server/json_response.hpp"
#include "server/stream_routes.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/server/aws_request.hpp"
#include "tests/support/server/demo_pipeline.hpp"
#include "tests/support/server/inprocess_server.hpp"
#include "tests/support/sse_client.hpp"
#include "tests/support/temp_dir.hpp"

namespace lockstep::testing {

struct RunningAction {
  std::string executionId;
  std::string actionExecutionId;
};

struct StreamFixture {
  StreamFixture()
      : server([this](server::Router& router, InProcessServer& s) {
          server::aws_api::AwsApiSettings settings;
          settings.accessKeys = {{"AKIDLOCKSTEPTEST", "lockstep-test-secret"}};
          server::aws_api::add_aws_api_routes(router, {*s.store, *s.queries, *s.orchestrator,
                                                       s.clock, s.io.get_executor(), settings});
          auto authorize = [this](const server::RouteRequest&) { return refusal; };
          server::add_log_stream_route(
              router, {*s.queries, workspace, live_logs, s.events, s.io.get_executor(), authorize});
          // Short, so that a test sees a heartbeat without waiting long.
          server::add_events_route(
              router, {s.events, s.io.get_executor(), std::chrono::milliseconds(200), authorize});
        }) {}

  nlohmann::json call(const std::string& operation, const nlohmann::json& input) {
    HttpConnection connection("127.0.0.1", server.port());
    connection.send_raw(aws_request(server.port(), operation, input.dump()));
    const HttpResult result = connection.read_response();
    INFO(operation << " answered " << result.status << ": " << result.body);
    REQUIRE(result.status == 200);
    return nlohmann::json::parse(result.body);
  }

  // Waits until `done` holds, checking every few milliseconds; fails the test after 10 s.
  template <typename Predicate>
  static void wait_until(Predicate done) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!done()) {
      REQUIRE(std::chrono::steady_clock::now() < deadline);
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }

  // Creating a pipeline starts its first execution, as in CodePipeline; later ones are started.
  std::string start_execution(const std::string& pipeline) {
    if (created_.contains(pipeline)) {
      return call("StartPipelineExecution", {{"name", pipeline}})["pipelineExecutionId"];
    }
    call("CreatePipeline", {{"pipeline", demo_pipeline(pipeline)}});
    created_.insert(pipeline);
    std::string id;
    wait_until([&] {
      for (const auto& event : server.notifier.events()) {
        if (event.subject == engine::EventSubject::PipelineExecution &&
            event.pipelineName == pipeline && event.state == "STARTED") {
          id = event.pipelineExecutionId;
        }
      }
      return !id.empty();
    });
    return id;
  }

  // The started approval of `pipeline`, once it has started; its token.
  std::string approval_token(const std::string& pipeline) {
    std::string token;
    wait_until([&] {
      for (const auto& action : server.executor.started()) {
        if (action.pipelineName == pipeline && action.action.name == "approve") {
          token = action.approvalToken;
        }
      }
      return !token.empty();
    });
    return token;
  }

  void approve(const std::string& pipeline) {
    call("PutApprovalResult", {{"pipelineName", pipeline},
                               {"stageName", "Approve"},
                               {"actionName", "approve"},
                               {"result", {{"summary", "fine"}, {"status", "Approved"}}},
                               {"token", approval_token(pipeline)}});
  }

  // An execution of `pipeline` whose build action is running.
  RunningAction running_build(const std::string& pipeline = "demo") {
    const std::string execution = start_execution(pipeline);
    wait_until([&] { return server.executor.is_running("src"); });
    REQUIRE(server.executor.complete("src"));
    wait_until([&] { return server.executor.is_running("build"); });
    for (const auto& action : server.executor.started()) {
      if (action.action.name == "build" && action.pipelineExecutionId == execution) {
        return {execution, action.actionExecutionId};
      }
    }
    FAIL("the build action never started");
    return {};
  }

  // What an executor does: opens the action's log where the stream route finds it.
  std::shared_ptr<executors::local::LogSink> open_log(const RunningAction& action) {
    return live_logs.open(action.actionExecutionId,
                          workspace.log_file(action.executionId, action.actionExecutionId));
  }

  static std::string log_target(const RunningAction& action, const std::string& pipeline = "demo") {
    return "/api/v1/pipelines/" + pipeline + "/executions/" + action.executionId + "/actions/" +
           action.actionExecutionId + "/log/stream";
  }

  TempDir data{"lockstep-streams"};
  executors::local::LiveLogs live_logs;
  executors::local::Workspace workspace{data.path(), &live_logs};
  std::optional<server::HttpResponse> refusal;  // what authorize answers; nothing: allowed
  std::set<std::string> created_;
  InProcessServer server;
};

}  // namespace lockstep::testing

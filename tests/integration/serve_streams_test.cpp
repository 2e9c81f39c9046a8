// `lockstep serve` as a process: a running AWS/Commands action followed through its log stream,
// the events stream of a real execution, and the listener over TLS.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include "tests/integration/lockstep_process.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/sse_client.hpp"

using namespace lockstep::testing;

namespace {

void run_ok(std::vector<std::string> argv) {
  const auto result = run_process(argv);
  INFO(argv.front() << " " << argv.at(1) << ": " << result.err);
  REQUIRE(result.status == 0);
}

// A Git repository with one commit on main.
std::filesystem::path make_repository(const TempDir& dir) {
  const auto repo = dir / "repo";
  dir.write("repo/README.md", "live logs\n");
  run_ok({"/usr/bin/git", "init", "-q", "-b", "main", repo.string()});
  run_ok({"/usr/bin/git", "-C", repo.string(), "add", "."});
  run_ok({"/usr/bin/git", "-C", repo.string(), "-c", "user.name=Test", "-c",
          "user.email=test@example.com", "commit", "-q", "-m", "first"});
  return repo;
}

// Source from `repo`, then an AWS/Commands action named Run with `commands`.
std::string pipeline_yaml(const std::filesystem::path& repo,
                          const std::vector<std::string>& commands) {
  std::string text = R"(pipeline:
  name: live
  pipelineType: V2
  roleArn: arn:aws:iam::123456789012:role/live
  artifactStore: {type: S3, location: artifacts}
  stages:
    - name: Source
      actions:
        - name: Source
          actionTypeId: {category: Source, owner: AWS, provider: CodeStarSourceConnection, version: '1'}
          configuration:
            ConnectionArn: arn:aws:codeconnections:us-east-1:123456789012:connection/live
            FullRepositoryId: acme/live
            BranchName: main
            DetectChanges: 'false'
            RepositoryUrl: )" +
                     repo.string() + R"(
          outputArtifacts: [{name: Code}]
    - name: Build
      actions:
        - name: Run
          actionTypeId: {category: Compute, owner: AWS, provider: Commands, version: '1'}
          inputArtifacts: [{name: Code}]
          commands:
)";
  for (const auto& command : commands) text += "            - '" + command + "'\n";
  return text;
}

ProcessOptions open_api() {
  ProcessOptions options;
  options.environment["LOCKSTEP_ALLOW_UNAUTHENTICATED"] = "true";
  return options;
}

std::string start_execution(std::uint16_t port) {
  HttpConnection connection("127.0.0.1", port);
  const std::string body = R"({"name":"live"})";
  connection.send_raw(
      "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Amz-Target: "
      "CodePipeline_20150709.StartPipelineExecution\r\nContent-Type: "
      "application/x-amz-json-1.1\r\nContent-Length: " +
      std::to_string(body.size()) + "\r\n\r\n" + body);
  const auto result = connection.read_response();
  INFO(result.body);
  REQUIRE(result.status == 200);
  return nlohmann::json::parse(result.body)["pipelineExecutionId"];
}

std::string describe(const nlohmann::json& event) {
  std::string text = event["type"].get<std::string>() + " " + event["state"].get<std::string>();
  if (event.contains("stage")) text += " " + event["stage"].get<std::string>();
  if (event.contains("action")) text += " " + event["action"].get<std::string>();
  return text;
}

std::ptrdiff_t position(const std::vector<std::string>& lines, const std::string& line) {
  const auto found = std::find(lines.begin(), lines.end(), line);
  return found == lines.end() ? -1 : found - lines.begin();
}

}  // namespace

TEST_CASE(
    "a follower of a running Commands action receives its lines in order and then its final status",
    "[serve]") {
  TempDir dir;
  const auto repo = make_repository(dir);
  const auto gate = dir / "gate";
  dir.write("pipelines/live.yaml",
            pipeline_yaml(repo, {"echo line-one", "echo line-two",
                                 "until [ -e " + gate.string() + " ]; do sleep 0.05; done",
                                 "echo line-three"}));
  ServerProcess server(dir / "data", {"--pipelines", (dir / "pipelines").string()}, open_api());

  SseClient events(server.port(), "/api/v1/events?pipeline=live");
  REQUIRE(events.head().status == 200);
  REQUIRE(events.next());  // subscribed: nothing of the execution can pass unseen
  const std::string execution = start_execution(server.port());

  std::vector<std::string> seen;
  std::string run_id;
  while (run_id.empty()) {
    auto event = events.next_event(30);
    REQUIRE(event);
    const auto json = nlohmann::json::parse(event->data);
    seen.push_back(describe(json));
    if (describe(json) == "action-execution STARTED Build Run")
      run_id = json["action-execution-id"];
  }

  SseClient follower(server.port(), "/api/v1/pipelines/live/executions/" + execution + "/actions/" +
                                        run_id + "/log/stream");
  REQUIRE(follower.head().status == 200);
  std::vector<std::string> lines;
  std::optional<SseEvent> status;
  bool gate_opened = false;
  while (!status) {
    auto event = follower.next_event(30);
    REQUIRE(event);
    if (event->event == "status") {
      status = event;
      break;
    }
    REQUIRE(event->event == "log");
    std::istringstream text(event->data);
    for (std::string line; std::getline(text, line);) lines.push_back(line);
    // The action waits for the gate: line-three can only come through the live follow.
    if (!gate_opened && position(lines, "line-two") >= 0) {
      CHECK(position(lines, "line-three") < 0);
      dir.write("gate", "");
      gate_opened = true;
    }
  }
  INFO("log lines:\n"
       << [&] {
            std::string all;
            for (const auto& line : lines) all += line + "\n";
            return all;
          }());
  REQUIRE(gate_opened);
  CHECK(position(lines, "line-one") >= 0);
  CHECK(position(lines, "line-one") < position(lines, "line-two"));
  CHECK(position(lines, "line-two") < position(lines, "line-three"));
  CHECK(nlohmann::json::parse(status->data)["status"] == "Succeeded");
  CHECK_FALSE(follower.next_event());
  CHECK(follower.ended_cleanly());

  for (;;) {
    auto event = events.next_event(30);
    REQUIRE(event);
    const auto json = nlohmann::json::parse(event->data);
    seen.push_back(describe(json));
    if (json["type"] == "pipeline-execution" && json["state"] != "STARTED") break;
  }
  CHECK(seen == std::vector<std::string>{
                    "pipeline-execution STARTED",
                    "stage-execution STARTED Source",
                    "action-execution STARTED Source Source",
                    "action-execution SUCCEEDED Source Source",
                    "stage-execution SUCCEEDED Source",
                    "stage-execution STARTED Build",
                    "action-execution STARTED Build Run",
                    "action-execution SUCCEEDED Build Run",
                    "stage-execution SUCCEEDED Build",
                    "pipeline-execution SUCCEEDED",
                });
  CHECK(server.stop().first == 0);
}

TEST_CASE("a SIGTERM ends an open event stream and the server exits", "[serve]") {
  TempDir dir;
  ServerProcess server(dir / "data", {}, open_api());
  SseClient events(server.port(), "/api/v1/events");
  REQUIRE(events.next());
  CHECK(server.stop().first == 0);
  while (events.next()) {
  }
  CHECK(events.ended_cleanly());
}

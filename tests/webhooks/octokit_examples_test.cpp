// GitHub's own example deliveries (@octokit/webhooks-examples), signed with
// @octokit/webhooks-methods by tests/e2e/webhooks/replay.mjs, replayed at an in-process server.
// Which pipelines each example starts is worked out here from the example's own fields.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
#include <set>

#include "tests/support/process.hpp"
#include "tests/webhooks/webhook_client.hpp"

using namespace lockstep::testing;
using nlohmann::json;

namespace {

const std::filesystem::path kReplayDir =
    std::filesystem::path(LOCKSTEP_SOURCE_DIR) / "tests" / "e2e" / "webhooks";

// A clean clone has no node_modules: install exactly what package-lock.json pins.
void ensure_node_modules() {
  if (std::filesystem::exists(kReplayDir / "node_modules" / "@octokit" / "webhooks-methods"))
    return;
  ProcessOptions options;
  options.working_directory = kReplayDir;
  const auto installed = run_process({"/usr/bin/env", "npm", "ci", "--no-audit", "--no-fund"},
                                     options, std::chrono::minutes(5));
  INFO(installed.err);
  REQUIRE(installed.status == 0);
}

const std::string kRepository = "Codertocat/Hello-World";

// The pipelines each example should start, from the example's fields alone.
std::set<std::string> expected_starts(const std::string& event, const json& payload) {
  std::set<std::string> starts;
  if (event == "push") {
    const std::string ref = payload.at("ref");
    const bool deleted = payload.value("deleted", false);
    if (deleted) return starts;
    if (ref == "refs/heads/master") starts.insert("hello-master");
    if (ref.starts_with("refs/tags/simple-")) starts.insert("hello-tags");
  } else if (event == "pull_request") {
    const std::string action = payload.at("action");
    const std::string base = payload.at("pull_request").at("base").at("ref");
    if ((action == "opened" || action == "reopened") && base == "master")
      starts.insert("hello-pr-open");
    if (action == "closed" && base == "master") starts.insert("hello-pr-closed");
  }
  return starts;
}

}  // namespace

TEST_CASE(
    "every GitHub push pull_request and ping example starts exactly the pipelines it matches") {
  ensure_node_modules();
  auto server = webhook_server();
  server->put_pipeline(pipeline_yaml("hello-master", kRepository, "master"));
  server->put_pipeline(pipeline_yaml("hello-develop", kRepository, "develop"));
  server->put_pipeline(pipeline_yaml("hello-tags", kRepository, "master",
                                     "      push:\n        - tags: {includes: [\"simple-*\"]}\n"));
  server->put_pipeline(pipeline_yaml(
      "hello-pr-open", kRepository, "master",
      "      pullRequest:\n        - events: [OPEN]\n          branches: {includes: [master]}\n"));
  server->put_pipeline(pipeline_yaml("hello-pr-closed", kRepository, "master",
                                     "      pullRequest:\n        - events: [CLOSED]\n          "
                                     "branches: {includes: [master]}\n"));
  server->put_pipeline(pipeline_yaml("hello-docs", kRepository, "master",
                                     "      push:\n        - branches: {includes: [master]}\n"
                                     "          filePaths: {includes: [\"docs/**\"]}\n"));
  server->put_pipeline(pipeline_yaml("elsewhere", "acme/other", "master"));

  ProcessOptions options;
  options.working_directory = kReplayDir;
  const auto replay = run_process(
      {"/usr/bin/env", "node", "replay.mjs", std::to_string(server->port()), kGitHubSecret},
      options, std::chrono::minutes(2));
  INFO(replay.err);
  REQUIRE(replay.status == 0);
  const json results = json::parse(replay.out);

  std::map<std::string, int> per_event;
  std::map<std::string, int> starts_per_pipeline;
  std::size_t executions = 0;
  for (const auto& result : results) {
    const std::string event = result.at("event");
    const json& answer = result.at("answer");
    INFO(result.at("example").get<std::string>() << ": " << answer.dump());
    ++per_event[event];
    REQUIRE(result.at("status") == 200);
    if (event == "ping") {
      CHECK(answer.at("message").get<std::string>().starts_with("pong"));
      continue;
    }
    std::set<std::string> started;
    for (const auto& s : answer.at("started")) {
      started.insert(s.at("pipelineName").get<std::string>());
      CHECK(s.at("pipelineExecutionId").get<std::string>().size() == 36);
      ++starts_per_pipeline[s.at("pipelineName")];
      ++executions;
    }
    CHECK(started == expected_starts(event, result.at("payload")));
    if (answer.contains("ignored")) {
      CHECK(event == "pull_request");
      continue;
    }
    // Every other pipeline of the repository says why it did not start; other repositories are
    // not mentioned.
    CHECK(answer.at("started").size() + answer.at("notStarted").size() == 6);
    for (const auto& s : answer.at("notStarted")) {
      CHECK(s.at("pipelineName") != "elsewhere");
      CHECK_FALSE(s.at("reason").get<std::string>().empty());
    }
  }
  // The package's examples as of the pinned version; the oracle above must have had both
  // outcomes to judge.
  CHECK(per_event["ping"] >= 4);
  CHECK(per_event["push"] >= 7);
  CHECK(per_event["pull_request"] >= 29);
  CHECK(starts_per_pipeline["hello-master"] >= 1);
  CHECK(starts_per_pipeline["hello-tags"] >= 1);
  CHECK(starts_per_pipeline["hello-pr-open"] >= 1);
  CHECK(starts_per_pipeline["hello-pr-closed"] >= 1);
  CHECK(starts_per_pipeline.count("hello-develop") == 0);
  CHECK(starts_per_pipeline.count("hello-docs") == 0);

  std::size_t stored = 0;
  for (const auto& [name, pipeline] : server->state().pipelines)
    stored += pipeline.executions.size();
  CHECK(stored == executions);
}

// The real AWS CLI as a child process, pointed at an in-process server with its own empty
// configuration so that nothing from the user's ~/.aws changes what a test sees.
#pragma once

#include <catch2/catch.hpp>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "server/aws_api/aws_api.hpp"
#include "tests/support/process.hpp"
#include "tests/support/server/inprocess_server.hpp"

namespace lockstep::testing {

inline constexpr const char* kCliAccessKey = "AKIDLOCKSTEPCLI";
inline constexpr const char* kCliSecret = "lockstep-cli-secret";

// The first `aws` on PATH.
inline std::filesystem::path aws_executable() {
  const char* path = std::getenv("PATH");
  std::istringstream dirs(path == nullptr ? "" : path);
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    const auto candidate = std::filesystem::path(dir) / "aws";
    if (!dir.empty() && ::access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return {};
}

class AwsCli {
 public:
  AwsCli()
      : server([](server::Router& router, InProcessServer& s) {
          server::aws_api::AwsApiSettings settings;
          settings.accessKeys = {{kCliAccessKey, kCliSecret}};
          server::aws_api::add_aws_api_routes(router, {*s.store, *s.queries, *s.orchestrator,
                                                       s.clock, s.io.get_executor(), settings});
        }) {
    executable_ = aws_executable();
    REQUIRE_FALSE(executable_.empty());
    config_ = server.dir_.write("aws/config", "");
    credentials_ = server.dir_.write("aws/credentials", "");
  }

  // Runs `aws codepipeline <args...>` and returns what it printed and its exit status.
  ProcessResult run(const std::vector<std::string>& args, const std::string& secret = kCliSecret) {
    std::vector<std::string> argv{executable_.string(), "codepipeline"};
    argv.insert(argv.end(), args.begin(), args.end());
    argv.push_back("--endpoint-url");
    argv.push_back("http://127.0.0.1:" + std::to_string(server.port()));
    for (const char* extra : {"--region", "us-east-1", "--output", "json"}) argv.push_back(extra);
    ProcessOptions options;
    options.environment = {{"AWS_ACCESS_KEY_ID", kCliAccessKey},
                           {"AWS_SECRET_ACCESS_KEY", secret},
                           {"AWS_CONFIG_FILE", config_.string()},
                           {"AWS_SHARED_CREDENTIALS_FILE", credentials_.string()},
                           {"AWS_EC2_METADATA_DISABLED", "true"},
                           {"AWS_MAX_ATTEMPTS", "1"},
                           {"AWS_RETRY_MODE", "standard"}};
    return run_process(argv, options, std::chrono::seconds(60));
  }

  // A call that must succeed; its JSON output ({} when it printed nothing).
  nlohmann::json ok(const std::vector<std::string>& args) {
    const ProcessResult result = run(args);
    INFO("aws codepipeline " << args.front() << " exited " << result.status << "\n" << result.err);
    REQUIRE(result.status == 0);
    if (result.out.find_first_not_of(" \n") == std::string::npos) return nlohmann::json::object();
    return nlohmann::json::parse(result.out);
  }

  // A call that must fail; what the CLI printed on stderr.
  std::string error(const std::vector<std::string>& args, const std::string& secret = kCliSecret) {
    const ProcessResult result = run(args, secret);
    INFO("aws codepipeline " << args.front() << " printed " << result.out);
    REQUIRE(result.status != 0);
    return result.err;
  }

  // Polls get-pipeline-state until `done` holds for it; fails the test after 30 s.
  nlohmann::json wait_for_state(const std::string& pipeline,
                                const std::function<bool(const nlohmann::json&)>& done) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    nlohmann::json state;
    while (std::chrono::steady_clock::now() < deadline) {
      state = ok({"get-pipeline-state", "--name", pipeline});
      if (done(state)) return state;
    }
    FAIL("the pipeline state never reached what the test waits for: " << state.dump(2));
    return state;
  }

  // Polls get-pipeline-execution until the execution has `status`; fails after 30 s.
  nlohmann::json wait_for_execution(const std::string& pipeline, const std::string& id,
                                    const std::string& status) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    nlohmann::json execution;
    while (std::chrono::steady_clock::now() < deadline) {
      execution = ok({"get-pipeline-execution", "--pipeline-name", pipeline,
                      "--pipeline-execution-id", id})["pipelineExecution"];
      if (execution["status"] == status) return execution;
    }
    FAIL("execution " << id << " never became " << status << ": " << execution.dump(2));
    return execution;
  }

  InProcessServer server;

 private:
  std::filesystem::path executable_;
  std::filesystem::path config_;
  std::filesystem::path credentials_;
};

// The stage named `name` in get-pipeline-state's output.
inline const nlohmann::json& stage(const nlohmann::json& state, const std::string& name) {
  for (const auto& s : state["stageStates"]) {
    if (s["stageName"] == name) return s;
  }
  FAIL("no stage " << name << " in " << state.dump());
  return state;
}

inline std::string latest_status(const nlohmann::json& state, const std::string& stage_name) {
  const auto& s = stage(state, stage_name);
  return s.contains("latestExecution") ? s["latestExecution"]["status"].get<std::string>() : "";
}

}  // namespace lockstep::testing

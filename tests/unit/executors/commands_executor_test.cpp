// The local Commands executor: the action's commands in one shell, its output artifact files,
// output variables, timeout and stop, run for real.
#include <catch2/catch.hpp>

#include <atomic>
#include <thread>

#include "build_harness.hpp"
#include "executors/local/commands_executor.hpp"

using namespace lockstep;
using namespace lockstep::executors::local;
using namespace lockstep::executors::local::testing;

namespace {

struct Commands {
  BuildHarness h;
  CommandsExecutor::Options options;
  std::optional<CommandsExecutor> executor;

  explicit Commands(std::map<std::string, std::string> secrets = {}) : h(std::move(secrets)) {
    options.base_environment = {{"PATH", "/usr/bin:/bin"}};
    options.kill_grace = std::chrono::milliseconds(500);
    executor.emplace(h.io.get_executor(), h.runner, h.workspace, h.secrets, options);
  }

  engine::StartAction action(std::vector<std::string> commands) {
    engine::StartAction start = BuildHarness::action(engine::ActionCategory::Compute, "Commands");
    start.action.commands = commands;
    start.resolvedCommands = std::move(commands);
    start.inputArtifacts.push_back(
        h.artifact("SourceOutput", {{"app/main.c", "int main;"}, {"README", "hi"}}, "c0ffee"));
    start.action.inputArtifacts = {"SourceOutput"};
    return start;
  }

  engine::ActionCompleted run(const engine::StartAction& start) { return h.run(*executor, start); }
};

}  // namespace

TEST_CASE("commands run in order in one shell in the copy of the first input artifact") {
  Commands c;
  auto start = c.action(
      {"cd app", "export BUILT=yes", "ls > ../listing.txt", "echo \"$BUILT\" > ../built.txt"});
  start.action.outputArtifacts = {{"Out", {"*.txt"}}};
  const auto done = c.run(start);
  INFO(c.h.log(start));
  REQUIRE(done.outcome == engine::ActionOutcome::Succeeded);
  CHECK(done.summary == "Commands succeeded");
  REQUIRE(done.outputArtifacts.size() == 1);
  CHECK(done.outputArtifacts[0].name == "Out");
  const std::filesystem::path out(done.outputArtifacts[0].location);
  CHECK(tree(out) == std::vector<std::string>{"built.txt", "listing.txt"});
  CHECK(read_file(out / "listing.txt") == "main.c\n");
  CHECK(read_file(out / "built.txt") == "yes\n");
  // The input artifact itself is untouched: the action worked on its own copy.
  CHECK(tree(c.h.dir / "inputs/SourceOutput") == std::vector<std::string>{"README", "app/main.c"});
}

TEST_CASE("the first failing command fails the action with its exit code in the summary") {
  Commands c;
  const auto start = c.action({"echo first > first.txt", "sh -c 'exit 7'", "touch after.txt"});
  const auto done = c.run(start);
  CHECK(done.outcome == engine::ActionOutcome::Failed);
  CHECK(done.summary.find("command 'sh -c 'exit 7'' exited with status 7") != std::string::npos);
  REQUIRE(done.errorDetails);
  CHECK(done.errorDetails->code == "JobFailed");
  const auto source = c.h.workspace.action_directory(start) / "src/SourceOutput";
  CHECK(std::filesystem::exists(source / "first.txt"));
  CHECK_FALSE(std::filesystem::exists(source / "after.txt"));
}

TEST_CASE("an output artifact without files holds the whole workspace") {
  Commands c;
  auto start = c.action({"mkdir -p out/deep && echo x > out/deep/x.txt"});
  start.action.outputArtifacts = {{"Everything", {}}};
  const auto done = c.run(start);
  REQUIRE(done.outcome == engine::ActionOutcome::Succeeded);
  CHECK(tree(done.outputArtifacts.at(0).location) ==
        std::vector<std::string>{"README", "app/main.c", "out/deep/x.txt"});
}

TEST_CASE("output variables are read from the environment after the last command") {
  Commands c;
  auto start =
      c.action({"export IMAGE_TAG=v1", "export IMAGE_TAG=\"v2-$CODEBUILD_RESOLVED_SOURCE_VERSION\"",
                "unset GONE"});
  start.action.outputVariables = {"IMAGE_TAG", "GONE"};
  start.resolvedEnvironmentVariables = {{"GONE", "was-set", "PLAINTEXT"}};
  const auto done = c.run(start);
  REQUIRE(done.outcome == engine::ActionOutcome::Succeeded);
  CHECK(done.outputVariables == engine::VariableValues{{"GONE", ""}, {"IMAGE_TAG", "v2-c0ffee"}});
}

TEST_CASE("a variable value with quotes and newlines reaches the commands unchanged") {
  Commands c;
  const std::string tricky = "a'b\"c $(touch pwned) `id`\nline2; rm -rf /";
  auto start = c.action({"printf '%s' \"$TRICKY\" > value.txt"});
  start.resolvedEnvironmentVariables = {{"TRICKY", tricky, ""}};
  start.action.outputArtifacts = {{"Out", {"value.txt"}}};
  start.action.outputVariables = {"TRICKY"};
  const auto done = c.run(start);
  REQUIRE(done.outcome == engine::ActionOutcome::Succeeded);
  CHECK(read_file(std::filesystem::path(done.outputArtifacts.at(0).location) / "value.txt") ==
        tricky);
  CHECK(done.outputVariables.at("TRICKY") == tricky);
  CHECK_FALSE(
      std::filesystem::exists(c.h.workspace.action_directory(start) / "src/SourceOutput/pwned"));
}

TEST_CASE("a secrets manager environment variable is masked in the log") {
  Commands c(std::map<std::string, std::string>{{"api-key", "sk-12345-very-secret"}});
  auto start = c.action({"echo \"key is $API_KEY\""});
  start.resolvedEnvironmentVariables = {{"API_KEY", "api-key", "SECRETS_MANAGER"}};
  const auto done = c.run(start);
  REQUIRE(done.outcome == engine::ActionOutcome::Succeeded);
  const std::string log = c.h.log(start);
  CHECK(log.find("key is ***") != std::string::npos);
  CHECK(log.find("sk-12345") == std::string::npos);
}

TEST_CASE("every further input artifact is at CODEBUILD_SRC_DIR_name") {
  Commands c;
  auto start = c.action({"cat \"$CODEBUILD_SRC_DIR_Config/settings.ini\" > copy.ini"});
  start.inputArtifacts.push_back(c.h.artifact("Config", {{"settings.ini", "[a]\n"}}));
  start.action.outputArtifacts = {{"Out", {"copy.ini"}}};
  const auto done = c.run(start);
  REQUIRE(done.outcome == engine::ActionOutcome::Succeeded);
  CHECK(read_file(std::filesystem::path(done.outputArtifacts.at(0).location) / "copy.ini") ==
        "[a]\n");
}

TEST_CASE("a Commands action past its timeout is killed and fails") {
  Commands c;
  c.options.timeout_cap = std::chrono::milliseconds(300);
  c.executor.emplace(c.h.io.get_executor(), c.h.runner, c.h.workspace, c.h.secrets, c.options);
  const auto start = c.action({"sleep 30", "touch after"});
  const auto done = c.run(start);
  CHECK(done.outcome == engine::ActionOutcome::Failed);
  REQUIRE(done.errorDetails);
  CHECK(done.errorDetails->code == "TimeoutError");
  CHECK(done.summary.find("timed out") != std::string::npos);
}

TEST_CASE("stopping a Commands action kills the whole process tree") {
  Commands c;
  const auto start = c.action({"sleep 30 & echo $! > ../../child.pid; wait"});
  const auto pid_file = c.h.workspace.action_directory(start) / "child.pid";
  std::atomic<bool> finished{false};
  std::thread stopper([&] {
    while (!finished && (!std::filesystem::exists(pid_file) || read_pid(pid_file) == 0)) {
      std::this_thread::sleep_for(std::chrono::milliseconds(2));  // polling interval
    }
    c.executor->cancel({start.actionExecutionId, start.pipelineExecutionId, "abandon"});
  });
  const auto done = c.run(start);
  finished = true;
  stopper.join();
  CHECK(done.outcome == engine::ActionOutcome::Failed);
  CHECK(done.summary.find("stopped") != std::string::npos);
  REQUIRE(std::filesystem::exists(pid_file));
  CHECK(process_ends(read_pid(pid_file)));
}

TEST_CASE("a stop that arrives before the commands start prevents them from running") {
  Commands c;
  const auto start = c.action({"touch ran"});
  std::optional<engine::ActionCompleted> completed;
  c.executor->start(start, [&](engine::ActionCompleted done) { completed = std::move(done); });
  c.executor->cancel({start.actionExecutionId, start.pipelineExecutionId, "abandon"});
  c.h.io.run_for(std::chrono::seconds(60));
  REQUIRE(completed);
  CHECK(completed->outcome == engine::ActionOutcome::Failed);
  CHECK_FALSE(
      std::filesystem::exists(c.h.workspace.action_directory(start) / "src/SourceOutput/ran"));
}

// Drives the CodeBuild and Commands executors for real: a temp data directory, real input
// artifact folders, real shells, and a wait for the one completion.
#pragma once

#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/io_context.hpp>

#include "engine/executor.hpp"
#include "executors/local/process_runner.hpp"
#include "executors/local/secret_store.hpp"
#include "executors/local/workspace.hpp"
#include "process_harness.hpp"
#include "tests/support/temp_dir.hpp"

namespace lockstep::executors::local::testing {

struct BuildHarness {
  lockstep::testing::TempDir dir{"lockstep-build"};
  boost::asio::io_context io;
  ProcessRunner runner{io.get_executor()};
  Workspace workspace{dir / "data"};
  SecretStore secrets;

  explicit BuildHarness(std::map<std::string, std::string> secret_values = {})
      : secrets(std::move(secret_values)) {}

  // An input artifact folder holding `files` (relative path -> content).
  engine::ArtifactInstance artifact(const std::string& name,
                                    const std::map<std::string, std::string>& files,
                                    const std::string& revision = "") const {
    const std::filesystem::path folder = dir / ("inputs/" + name);
    std::filesystem::create_directories(folder);
    for (const auto& [path, content] : files) dir.write("inputs/" + name + "/" + path, content);
    return {name, folder.string(), revision, "producer-attempt"};
  }

  static engine::StartAction action(engine::ActionCategory category, const std::string& provider,
                                    const std::string& id = "attempt-1") {
    engine::StartAction start;
    start.actionExecutionId = id;
    start.pipelineName = "app";
    start.pipelineExecutionId = "execution-1";
    start.stageName = "Build";
    start.action.name = "Act";
    start.action.actionTypeId = {category, engine::ActionOwner::AWS, provider, "1"};
    return start;
  }

  // Starts the action, optionally calls `after_start` from another thread once the log shows
  // `marker`, and runs until the completion; fails the test unless it came exactly once.
  engine::ActionCompleted run(engine::Executor& executor, const engine::StartAction& action) {
    std::optional<engine::ActionCompleted> completed;
    int calls = 0;
    executor.start(action, [&](engine::ActionCompleted done) {
      ++calls;
      completed = std::move(done);
    });
    io.restart();
    io.run_for(std::chrono::seconds(60));
    REQUIRE(calls == 1);
    return *completed;
  }

  std::string log(const engine::StartAction& action) const {
    return read_file(workspace.log_file(action.pipelineExecutionId, action.actionExecutionId));
  }
  std::filesystem::path artifact_folder(const engine::StartAction& action,
                                        const std::string& name) const {
    return workspace.artifact_directory(action, name);
  }
};

// The files under `folder` as sorted relative paths.
inline std::vector<std::string> tree(const std::filesystem::path& folder) {
  std::vector<std::string> files;
  if (!std::filesystem::exists(folder)) return files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(folder)) {
    if (!entry.is_directory() || entry.is_symlink()) {
      files.push_back(entry.path().lexically_relative(folder).generic_string());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace lockstep::executors::local::testing

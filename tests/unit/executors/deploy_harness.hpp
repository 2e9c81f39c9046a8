// Runs deploy executors on a private io_context against revisions the test writes to disk.
#pragma once

#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <string>

#include <boost/asio/io_context.hpp>

#include "engine/executor.hpp"
#include "executors/local/process_runner.hpp"
#include "executors/local/workspace.hpp"
#include "tests/support/temp_dir.hpp"

namespace lockstep::executors::local::testing {

inline std::string file_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

struct DeployHarness {
  lockstep::testing::TempDir dir{"lockstep-deploy"};
  boost::asio::io_context io;
  ProcessRunner runner{io.get_executor()};
  Workspace workspace{dir / "data"};
  int attempts = 0;

  // A revision folder (an input artifact) holding `files`; files under scripts/ are executable.
  engine::ArtifactInstance revision(const std::string& name,
                                    const std::map<std::string, std::string>& files) const {
    const std::filesystem::path folder = dir / ("revisions/" + name);
    for (const auto& [path, content] : files) {
      const auto written = dir.write("revisions/" + name + "/" + path, content);
      if (path.starts_with("scripts/")) {
        std::filesystem::permissions(written, std::filesystem::perms::owner_all,
                                     std::filesystem::perm_options::add);
      }
    }
    return {name, folder.string(), "", ""};
  }

  engine::StartAction action(const engine::Configuration& configuration,
                             std::vector<engine::ArtifactInstance> inputs) {
    engine::StartAction start;
    start.actionExecutionId = "attempt-" + std::to_string(++attempts);
    start.pipelineName = "web-app";
    start.pipelineExecutionId = "execution-1";
    start.stageName = "Deploy";
    start.action.name = "deploy";
    start.action.actionTypeId = {engine::ActionCategory::Deploy, engine::ActionOwner::AWS, "", "1"};
    start.resolvedConfiguration = configuration;
    start.inputArtifacts = std::move(inputs);
    return start;
  }

  // Starts the action and runs the io_context until its one report arrives.
  engine::ActionCompleted run(engine::Executor& executor, const engine::StartAction& start) {
    std::optional<engine::ActionCompleted> report;
    int calls = 0;
    executor.start(start, [&](engine::ActionCompleted completed) {
      ++calls;
      report = std::move(completed);
    });
    io.restart();
    io.run_for(std::chrono::seconds(60));  // returns as soon as nothing is left to do
    REQUIRE(calls == 1);
    CHECK(report->actionExecutionId == start.actionExecutionId);
    return *report;
  }

  std::string log_of(const engine::StartAction& start) const {
    return file_text(workspace.log_file(start.pipelineExecutionId, start.actionExecutionId));
  }
};

}  // namespace lockstep::executors::local::testing

// Both measurements use the same runner and io_context, so the difference is the executor's own
// work: copying the input artifact, writing the phase files, the environment capture and the
// artifact and log bookkeeping.
#include "bench/executors/commands_overhead.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>

#include "executors/local/commands_executor.hpp"
#include "executors/local/process_runner.hpp"
#include "executors/local/secret_store.hpp"
#include "executors/local/workspace.hpp"

namespace lockstep::bench {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using namespace executors::local;

namespace {

double percentile(std::vector<double> samples, double p) {
  std::sort(samples.begin(), samples.end());
  const auto index = static_cast<std::size_t>(p * static_cast<double>(samples.size() - 1));
  return samples[index];
}

double elapsed_ms(Clock::time_point since) {
  return std::chrono::duration<double, std::milli>(Clock::now() - since).count();
}

}  // namespace

void run_commands_overhead(int iterations) {
  const fs::path root =
      fs::temp_directory_path() / ("lockstep-bench-commands-" + std::to_string(::getpid()));
  fs::create_directories(root / "input");
  std::ofstream(root / "input" / "README") << "input artifact\n";

  boost::asio::io_context io;
  ProcessRunner runner(io.get_executor());
  Workspace workspace(root / "data");
  SecretStore secrets;
  CommandsExecutor::Options options;
  options.base_environment = {{"PATH", "/usr/bin:/bin"}};
  CommandsExecutor executor(io.get_executor(), runner, workspace, secrets, options);

  std::vector<double> bare;
  std::vector<double> action;
  for (int i = 0; i < iterations; ++i) {
    ProcessSpec spec;
    spec.argv = shell_command(Shell::Sh, "true");
    spec.environment = options.base_environment;
    spec.working_directory = root;
    const auto began = Clock::now();
    runner.run(std::move(spec), [&](ProcessResult) { bare.push_back(elapsed_ms(began)); });
    io.restart();
    io.run();

    engine::StartAction start;
    start.actionExecutionId = "attempt-" + std::to_string(i);
    start.pipelineName = "bench";
    start.pipelineExecutionId = "execution";
    start.action.name = "Noop";
    start.action.actionTypeId = {engine::ActionCategory::Compute, engine::ActionOwner::AWS,
                                 "Commands", "1"};
    start.action.commands = {"true"};
    start.resolvedCommands = {"true"};
    start.inputArtifacts = {{"Source", (root / "input").string(), "", ""}};
    const auto dispatched = Clock::now();
    executor.start(start, [&](engine::ActionCompleted done) {
      action.push_back(elapsed_ms(dispatched));
      if (done.outcome != engine::ActionOutcome::Succeeded) {
        std::fprintf(stderr, "the no-op action failed: %s\n", done.summary.c_str());
      }
    });
    io.restart();
    io.run();
  }
  fs::remove_all(root);

  std::printf("commands overhead (%d runs each)\n", iterations);
  std::printf("%-36s %10s %10s\n", "", "median ms", "p90 ms");
  std::printf("%-36s %10.3f %10.3f\n", "ProcessRunner: sh -c true", percentile(bare, 0.5),
              percentile(bare, 0.9));
  std::printf("%-36s %10.3f %10.3f\n", "Commands action: true", percentile(action, 0.5),
              percentile(action, 0.9));
  std::printf("%-36s %10.3f %10s\n", "executor overhead (median)",
              percentile(action, 0.5) - percentile(bare, 0.5), "");
}

}  // namespace lockstep::bench

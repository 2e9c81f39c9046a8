// One local build attempt from its prepared plan to its one completion: phases, artifact upload,
// exported variables, timeout and stop. Shared by the CodeBuild and Commands executors.
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <boost/asio/any_io_executor.hpp>

#include "engine/executor.hpp"
#include "executors/local/buildspec.hpp"
#include "executors/local/buildspec_phases.hpp"
#include "executors/local/log_sink.hpp"
#include "executors/local/process_runner.hpp"
#include "executors/local/workspace.hpp"

namespace lockstep::executors::local {

// Where the input artifacts were copied: the primary one is CODEBUILD_SRC_DIR and the working
// directory; every other one is also reachable as CODEBUILD_SRC_DIR_<name>.
struct SourceLayout {
  std::filesystem::path primary;
  std::string primary_revision;  // the primary input's revisionId (a commit for Git sources)
  std::vector<std::pair<std::string, std::filesystem::path>> secondaries;
};

// Copies the action's input artifacts to <attempt folder>/src/<name>. `primary` names the
// primary input; empty means the first. Throws std::runtime_error with a sentence.
SourceLayout prepare_sources(const engine::StartAction& action, const Workspace& workspace,
                             const std::string& primary);

struct OutputArtifactPlan {
  std::string name;     // the pipeline's output artifact name
  ArtifactBlock block;  // the files that make it up
};

struct BuildPlan {
  engine::StartAction action;
  std::string noun;  // "Build" or "Commands": how summaries start ("Build failed: ...")
  BuildRunSpec run;
  std::vector<OutputArtifactPlan> outputs;
  std::vector<std::string> exported_variables;
  std::string external_id;     // CODEBUILD_BUILD_ID; empty for none
  std::string primary_source;  // PrimarySource, so that a retry copies the same inputs afresh
  int retries = 0;             // how many times on-failure RETRY has started the build again
  // Where artifacts with a `name` are also published, as <folder>/<evaluated name>/ (a CodeBuild
  // project's artifact location with overrideArtifactName); empty: the name is only reported.
  std::filesystem::path artifacts_directory{};
};

// The attempts of one executor, so that a stop reaches the right one.
class BuildAttempts {
 public:
  BuildAttempts(boost::asio::any_io_executor executor, ProcessRunner& runner,
                const Workspace& workspace);

  // Marks the attempt as begun, so that a stop arriving while it is being prepared is kept.
  void begin(const std::string& action_execution_id);
  // Runs a prepared plan and reports its completion exactly once.
  void run(BuildPlan plan, engine::CompletionHandler done);
  // Ends an attempt that could not be prepared: `problem` goes to the log and the summary.
  void fail(const engine::StartAction& action, const std::shared_ptr<LogSink>& log,
            const std::string& noun, const std::string& problem, engine::CompletionHandler done);
  void cancel(const std::string& action_execution_id);

  const Workspace& workspace() const { return workspace_; }
  boost::asio::any_io_executor executor() const { return executor_; }

 private:
  struct Entry {
    bool cancelled = false;
    std::shared_ptr<BuildRun> run;
  };
  void launch(std::shared_ptr<BuildPlan> plan, engine::CompletionHandler done);
  bool retry(const std::shared_ptr<BuildPlan>& plan, const BuildRunResult& result,
             engine::CompletionHandler& done);
  void complete(const BuildPlan& plan, BuildRunResult result, engine::CompletionHandler done);
  void forget(const std::string& action_execution_id);

  boost::asio::any_io_executor executor_;
  ProcessRunner& runner_;
  const Workspace& workspace_;
  std::mutex mutex_;
  std::unordered_map<std::string, Entry> attempts_;
};

// The log of an attempt, opened for appending (its folder created); throws std::system_error.
std::shared_ptr<LogSink> open_attempt_log(const Workspace& workspace,
                                          const engine::StartAction& action);

}  // namespace lockstep::executors::local

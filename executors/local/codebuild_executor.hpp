// Runs AWS/CodeBuild build and test actions on this machine from a buildspec (BUILDSPEC.md A.8).
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include <boost/asio/any_io_executor.hpp>

#include "engine/executor.hpp"
#include "executors/local/build_attempt.hpp"
#include "executors/local/process_runner.hpp"
#include "executors/local/secret_store.hpp"
#include "executors/local/workspace.hpp"

namespace lockstep::executors::local {

// What the server's configuration says about one build project (codebuild.projects.<name>).
struct CodeBuildProject {
  // Used when the action gives no BuildSpec: a path inside the primary source, or an absolute
  // path on the server. Empty: buildspec.yml at the root of the primary source.
  std::string buildspec;
  // Project-level variables: above the buildspec's env, below the action's EnvironmentVariables.
  std::map<std::string, std::string> environment_variables;
  // Where artifacts whose buildspec block has a `name` are also published, as
  // <artifacts_directory>/<evaluated name>/ (CodeBuild's overrideArtifactName). Empty: the
  // pipeline's artifact only, as CodePipeline manages its artifacts' names itself.
  std::filesystem::path artifacts_directory{};
};

class CodeBuildExecutor final : public engine::Executor {
 public:
  struct Options {
    std::map<std::string, CodeBuildProject> projects;  // by ProjectName; others use defaults
    Environment base_environment;                      // e.g. inherited_environment({"PATH"})
    std::string region = "us-east-1";
    std::string account_id = "123456789012";
    // The longest any build may run whatever the action says; zero: no cap.
    std::chrono::milliseconds timeout_cap{0};
    std::chrono::milliseconds kill_grace{std::chrono::seconds(10)};
  };

  // `runner`, `workspace` and `secrets` must outlive the executor; `executor` is the runner's.
  CodeBuildExecutor(boost::asio::any_io_executor executor, ProcessRunner& runner,
                    const Workspace& workspace, const SecretStore& secrets, Options options);

  void start(const engine::StartAction& action, engine::CompletionHandler done) override;
  void cancel(const engine::CancelAction& cancel) override;
  bool resumes(const engine::StartAction&) const override { return false; }

 private:
  void prepare(const engine::StartAction& action, engine::CompletionHandler done);
  std::uint64_t next_build_number(const std::string& project);

  BuildAttempts attempts_;
  const SecretStore& secrets_;
  Options options_;
  std::mutex build_numbers_mutex_;
};

}  // namespace lockstep::executors::local

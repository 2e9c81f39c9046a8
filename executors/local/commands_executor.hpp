// Runs AWS/Commands (Compute) actions on this machine: the action's commands as one build phase
// in one shell, its outputArtifacts files and outputVariables (BUILDSPEC.md A.6, SEMANTICS §12).
#pragma once

#include <chrono>
#include <string>

#include <boost/asio/any_io_executor.hpp>

#include "engine/executor.hpp"
#include "executors/local/build_attempt.hpp"
#include "executors/local/process_runner.hpp"
#include "executors/local/secret_store.hpp"
#include "executors/local/workspace.hpp"

namespace lockstep::executors::local {

class CommandsExecutor final : public engine::Executor {
 public:
  struct Options {
    Environment base_environment;  // e.g. inherited_environment({"PATH"})
    std::string region = "us-east-1";
    std::string account_id = "123456789012";
    // The longest any action may run whatever timeoutInMinutes says; zero: no cap.
    std::chrono::milliseconds timeout_cap{0};
    std::chrono::milliseconds kill_grace{std::chrono::seconds(10)};
  };

  // `runner`, `workspace` and `secrets` must outlive the executor; `executor` is the runner's.
  CommandsExecutor(boost::asio::any_io_executor executor, ProcessRunner& runner,
                   const Workspace& workspace, const SecretStore& secrets, Options options);

  void start(const engine::StartAction& action, engine::CompletionHandler done) override;
  void cancel(const engine::CancelAction& cancel) override;
  bool resumes(const engine::StartAction&) const override { return false; }

 private:
  void prepare(const engine::StartAction& action, engine::CompletionHandler done);

  BuildAttempts attempts_;
  const SecretStore& secrets_;
  Options options_;
};

}  // namespace lockstep::executors::local

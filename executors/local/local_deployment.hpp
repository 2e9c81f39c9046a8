// One in-place deployment of an appspec.yml revision into a deployment root: the lifecycle
// events in CodeDeploy's order, hooks as local processes, and the previous revision's files put
// back when anything fails.
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/any_io_executor.hpp>

#include "engine/executor.hpp"
#include "executors/local/appspec.hpp"
#include "executors/local/codedeploy_executor.hpp"
#include "executors/local/deployment_root.hpp"
#include "executors/local/file_install.hpp"
#include "executors/local/process_runner.hpp"
#include "executors/local/workspace.hpp"

namespace lockstep::executors::local {

class LocalDeployment : public std::enable_shared_from_this<LocalDeployment> {
 public:
  // `runner`, `workspace` and `options` must outlive the deployment. `done` gets its one report.
  LocalDeployment(boost::asio::any_io_executor executor, ProcessRunner& runner,
                  const Workspace& workspace, const CodeDeployOptions& options,
                  engine::StartAction action, std::filesystem::path root,
                  engine::CompletionHandler done);

  // Copies the revision, reads its appspec and runs the events; call it on `executor`, which
  // may block while files are copied.
  void begin();
  // Stop-and-abandon, from any thread: the running hook is ended and the deployment fails.
  void cancel();

 private:
  struct Step {
    std::string event;
    const AppSpec* appspec = nullptr;  // null: the Install event
    std::filesystem::path bundle;
  };

  void prepare();
  void run_step(std::size_t index);
  void run_script(std::size_t step_index, std::size_t script_index);
  // True (and the deployment failed) when a stop reached it.
  bool stopped();
  void fail(const std::string& message);
  void succeed();
  void finish(engine::ActionCompleted report);
  void say(const std::string& line);

  boost::asio::any_io_executor executor_;
  ProcessRunner& runner_;
  const Workspace& workspace_;
  const CodeDeployOptions& options_;
  const engine::StartAction action_;
  const engine::CompletionHandler done_;
  const DeploymentRoot root_;
  std::string application_;
  std::string group_;
  std::string id_;
  std::shared_ptr<LogSink> log_;
  AppSpec appspec_;
  std::optional<std::string> previous_id_;
  std::optional<AppSpec> previous_appspec_;
  std::vector<std::string> previous_files_;
  std::vector<Step> steps_;
  InstallRecord record_;
  bool finished_ = false;
  std::mutex mutex_;
  ProcessHandle current_;
  bool cancelled_ = false;
};

}  // namespace lockstep::executors::local

// Runs AWS/CodeDeploy actions locally: the input artifact is an EC2/On-Premises revision with an
// appspec.yml, deployed in place into the folder the server's configuration gives the deployment
// group, with the lifecycle hooks run as local processes.
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>

#include <boost/asio/any_io_executor.hpp>

#include "engine/executor.hpp"
#include "executors/local/process_runner.hpp"
#include "executors/local/workspace.hpp"

namespace lockstep::executors::local {

class LocalDeployment;

// Where one deployment group deploys (deploy.groups.<name> in the server's configuration).
struct DeploymentGroupTarget {
  std::filesystem::path root;
  // An application deploying to this group may have a root of its own.
  std::map<std::string, std::filesystem::path> application_roots;
};

struct CodeDeployOptions {
  std::map<std::string, DeploymentGroupTarget> groups;  // by DeploymentGroupName
  // What hooks see besides the CodeDeploy variables, e.g. inherited_environment({"PATH"}).
  Environment environment;
  // How long a hook that passed its timeout gets between SIGTERM and SIGKILL.
  std::chrono::milliseconds kill_grace{std::chrono::seconds(10)};
  std::size_t revisions_kept = 5;  // per root, the current one always among them
};

class CodeDeployExecutor final : public engine::Executor {
 public:
  // File copies run on `executor`, so give it one that may block for a while (a thread pool),
  // not the HTTP listener's. `runner` and `workspace` must outlive the executor, and the
  // executor every deployment it started.
  CodeDeployExecutor(boost::asio::any_io_executor executor, ProcessRunner& runner,
                     const Workspace& workspace, CodeDeployOptions options);
  ~CodeDeployExecutor() override;

  void start(const engine::StartAction& action, engine::CompletionHandler done) override;
  void cancel(const engine::CancelAction& cancel) override;
  // A deployment's hooks die with the server, so an interrupted one fails.
  bool resumes(const engine::StartAction&) const override { return false; }

 private:
  boost::asio::any_io_executor executor_;
  ProcessRunner& runner_;
  const Workspace& workspace_;
  const CodeDeployOptions options_;
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<LocalDeployment>> running_;  // by action execution id
  std::set<std::filesystem::path> busy_roots_;  // one deployment at a time per root
};

}  // namespace lockstep::executors::local

// The embedded default: every action type the server runs on its own machine, built from the
// server's configuration and routed by owner and provider.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>

#include <memory>

#include "config/server_config.hpp"
#include "executors/executor_router.hpp"
#include "executors/local/action_slots.hpp"
#include "executors/local/codebuild_executor.hpp"
#include "executors/local/codedeploy_executor.hpp"
#include "executors/local/commands_executor.hpp"
#include "executors/local/git_source_executor.hpp"
#include "executors/local/live_logs.hpp"
#include "executors/local/process_runner.hpp"
#include "executors/local/repository_mirrors.hpp"
#include "executors/local/s3_deploy_executor.hpp"
#include "executors/local/secret_store.hpp"
#include "executors/local/workspace.hpp"
#include "executors/webhook/webhook_executor.hpp"

namespace lockstep::server {

class LocalExecutors {
 public:
  // `io` runs the processes' pipes and timers; the executors route through `router`.
  LocalExecutors(boost::asio::io_context& io, const config::ServerConfig& config,
                 executors::ExecutorRouter& router);
  // Waits for the blocking work (file copies, git) to finish; call after the io_context stopped.
  ~LocalExecutors();

  const executors::local::Workspace& workspace() const { return workspace_; }
  // The logs of the actions running now, for the log stream route.
  const executors::local::LiveLogs& live_logs() const { return live_logs_; }
  // The bare mirrors of the configured repositories, shared by sources and polling.
  executors::local::RepositoryMirrors& mirrors() { return mirrors_; }

 private:
  executors::local::LiveLogs live_logs_;  // before workspace_, which registers logs with it
  executors::local::Workspace workspace_;
  boost::asio::thread_pool blocking_;  // file copies and archive writes, off the I/O threads
  executors::local::ActionSlots slots_;
  executors::local::ProcessRunner runner_;
  executors::local::SecretStore secrets_;
  executors::local::RepositoryMirrors mirrors_;
  std::unique_ptr<executors::local::GitSourceExecutor> git_sources_;
  std::unique_ptr<executors::local::CommandsExecutor> commands_;
  std::unique_ptr<executors::local::CodeBuildExecutor> codebuild_;
  std::unique_ptr<executors::local::CodeDeployExecutor> codedeploy_;
  std::unique_ptr<executors::local::S3DeployExecutor> s3deploy_;
  std::unique_ptr<executors::webhook::WebhookExecutor> webhook_;
};

}  // namespace lockstep::server

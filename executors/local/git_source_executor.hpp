// Runs Git source actions (AWS/CodeStarSourceConnection, ThirdParty/GitHub, AWS/CodeCommit)
// locally: fetch the repository's mirror, check the execution's commit out into the output
// artifact, and report CodePipeline's source output variables.
#pragma once

#include <atomic>
#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include <boost/asio/thread_pool.hpp>

#include "engine/executor.hpp"
#include "executors/local/repository_mirrors.hpp"
#include "executors/local/workspace.hpp"

namespace lockstep::executors::local {

class GitSourceExecutor final : public engine::Executor {
 public:
  // `mirrors` must outlive the executor. libgit2 work runs on `threads` threads of its own.
  GitSourceExecutor(Workspace workspace, RepositoryMirrors& mirrors, std::size_t threads = 2);
  // Waits for attempts in progress to report.
  ~GitSourceExecutor() override;

  // The commit is the one the execution pinned for this action (a COMMIT_ID source revision:
  // the trigger's commit or a manual override), else the head of the action's branch.
  void start(const engine::StartAction& action, engine::CompletionHandler done) override;
  // Stops a fetch in progress; the attempt then reports Failed.
  void cancel(const engine::CancelAction& cancel) override;
  // A checkout dies with the process.
  bool resumes(const engine::StartAction& action) const override;

 private:
  engine::ActionCompleted run(const engine::StartAction& action, const std::atomic<bool>& stop);

  Workspace workspace_;
  RepositoryMirrors& mirrors_;
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<std::atomic<bool>>> running_;  // attempt -> stop flag
  boost::asio::thread_pool pool_;  // last: joined before the members above go
};

}  // namespace lockstep::executors::local

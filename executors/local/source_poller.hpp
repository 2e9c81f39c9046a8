// Default change detection by polling: watches the branch of every Git source action that
// detects changes and reports each new head once, for the orchestrator to start an execution.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "engine/pipeline_declaration.hpp"
#include "executors/local/repository_mirrors.hpp"
#include "executors/local/source_repository.hpp"

namespace lockstep::executors::local {

// A source action the poller watches.
struct PolledSource {
  std::string pipelineName;
  std::string actionName;
  GitSourceAction source;
};

// The Git source actions of `pipelines` whose changes start executions by default detection:
// DetectChanges / PollForSourceChanges not "false", and no trigger names the action (a trigger
// replaces default detection, SEMANTICS §16.1).
std::vector<PolledSource> polled_sources(const std::vector<engine::PipelineDeclaration>& pipelines);

class SourcePoller {
 public:
  using NewCommit =
      std::function<void(const std::string& pipeline_name, const std::string& source_action_name,
                         const std::string& commit_id)>;

  // `mirrors` must outlive the poller. `on_new_commit` is called from the thread that polls.
  SourcePoller(RepositoryMirrors& mirrors, NewCommit on_new_commit);
  ~SourcePoller();  // stops the polling thread
  SourcePoller(const SourcePoller&) = delete;
  SourcePoller& operator=(const SourcePoller&) = delete;

  // Replaces what is watched (after CreatePipeline, UpdatePipeline, DeletePipeline). A source
  // that keeps its repository and branch keeps the head it was last seen at.
  void watch(const std::vector<engine::PipelineDeclaration>& pipelines);

  // One round: fetches each watched repository once, then reads each watched branch. A head
  // different from the one last seen is reported once; the first sight of a branch only
  // records its head. A repository that cannot be fetched is logged and tried next round.
  void poll_once();

  // Where the pipelines come from at the start of every round, so that pipelines created,
  // updated or deleted since the last round are watched without anyone calling watch().
  using Pipelines = std::function<std::vector<engine::PipelineDeclaration>()>;

  // Polls every `interval` on a thread of its own until stop() (or destruction); with
  // `pipelines`, each round first watches what it returns.
  void start(std::chrono::seconds interval, Pipelines pipelines = {});
  void stop();

 private:
  struct Watched {
    PolledSource polled;
    std::string lastSeen;  // empty until the first observation
  };

  RepositoryMirrors& mirrors_;
  NewCommit on_new_commit_;
  std::mutex mutex_;
  std::map<std::string, Watched> watched_;  // by pipeline + action
  std::mutex poll_mutex_;                   // one round at a time
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace lockstep::executors::local

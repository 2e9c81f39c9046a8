#include "executors/local/source_poller.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <exception>
#include <optional>
#include <tuple>
#include <utility>
#include <variant>

namespace lockstep::executors::local {
namespace {

std::string key_of(const std::string& pipeline, const std::string& action) {
  return pipeline + '\n' + action;
}

bool same_branch(const GitSourceAction& a, const GitSourceAction& b) {
  return std::tie(a.repositoryId, a.repositoryUrl, a.branch) ==
         std::tie(b.repositoryId, b.repositoryUrl, b.branch);
}

}  // namespace

std::vector<PolledSource> polled_sources(
    const std::vector<engine::PipelineDeclaration>& pipelines) {
  std::vector<PolledSource> polled;
  for (const engine::PipelineDeclaration& pipeline : pipelines) {
    for (const engine::StageDeclaration& stage : pipeline.stages) {
      for (const engine::ActionDeclaration& action : stage.actions) {
        const auto source = read_git_source_action(action, action.configuration);
        if (!source || !source->detectChanges) continue;
        const bool has_trigger = std::any_of(
            pipeline.triggers.begin(), pipeline.triggers.end(),
            [&](const auto& t) { return t.gitConfiguration.sourceActionName == action.name; });
        if (has_trigger) continue;
        polled.push_back({pipeline.name, action.name, *source});
      }
    }
  }
  return polled;
}

SourcePoller::SourcePoller(RepositoryMirrors& mirrors, NewCommit on_new_commit)
    : mirrors_(mirrors), on_new_commit_(std::move(on_new_commit)) {}

SourcePoller::~SourcePoller() {
  stop();
}

void SourcePoller::watch(const std::vector<engine::PipelineDeclaration>& pipelines) {
  std::map<std::string, Watched> next;
  const std::lock_guard<std::mutex> guard(mutex_);
  for (PolledSource& polled : polled_sources(pipelines)) {
    const std::string key = key_of(polled.pipelineName, polled.actionName);
    Watched watched{std::move(polled), {}};
    if (const auto old = watched_.find(key);
        old != watched_.end() && same_branch(old->second.polled.source, watched.polled.source)) {
      watched.lastSeen = old->second.lastSeen;
    }
    next.emplace(key, std::move(watched));
  }
  watched_ = std::move(next);
}

void SourcePoller::poll_once() {
  const std::lock_guard<std::mutex> one_round(poll_mutex_);
  std::vector<PolledSource> sources;
  {
    const std::lock_guard<std::mutex> guard(mutex_);
    for (const auto& [key, watched] : watched_) sources.push_back(watched.polled);
  }

  // Each repository is fetched once per round, however many actions read it.
  std::map<std::string, std::optional<GitRepository>> mirrors;  // by mirror key; empty = failed
  struct Observed {
    PolledSource polled;
    std::string head;
  };
  std::vector<Observed> observed;
  for (const PolledSource& polled : sources) {
    auto located = mirrors_.locate(polled.source);
    if (const auto* why = std::get_if<std::string>(&located)) {
      spdlog::warn("polling {} of pipeline {}: {}", polled.actionName, polled.pipelineName, *why);
      continue;
    }
    const SourceRepository& repository = std::get<SourceRepository>(located);
    auto [it, fresh] = mirrors.try_emplace(repository.mirror_key());
    if (fresh) {
      try {
        it->second.emplace(std::move(mirrors_.update(repository).mirror));
      } catch (const GitError& error) {
        spdlog::warn("polling: {}", error.what());
      }
    }
    if (!it->second) continue;
    try {
      if (const auto head = it->second->branch_head(polled.source.branch)) {
        observed.push_back({polled, *head});
      }
    } catch (const GitError& error) {
      spdlog::warn("polling repository {}: {}", repository.describe(),
                   repository.scrub(error.what()));
    }
  }

  std::vector<Observed> news;
  {
    const std::lock_guard<std::mutex> guard(mutex_);
    for (Observed& seen : observed) {
      const auto it = watched_.find(key_of(seen.polled.pipelineName, seen.polled.actionName));
      // watch() may have replaced the source while this round fetched.
      if (it == watched_.end() || !same_branch(it->second.polled.source, seen.polled.source)) {
        continue;
      }
      std::string& last = it->second.lastSeen;
      if (last == seen.head) continue;
      const bool first_sight = last.empty();
      last = seen.head;
      if (!first_sight) news.push_back(std::move(seen));
    }
  }
  for (const Observed& seen : news) {
    on_new_commit_(seen.polled.pipelineName, seen.polled.actionName, seen.head);
  }
}

void SourcePoller::start(std::chrono::seconds interval, Pipelines pipelines) {
  stop();
  {
    const std::lock_guard<std::mutex> guard(mutex_);
    stopping_ = false;
  }
  thread_ = std::thread([this, interval, pipelines = std::move(pipelines)] {
    std::unique_lock<std::mutex> lock(mutex_);
    while (!stopping_) {
      lock.unlock();
      try {
        if (pipelines) watch(pipelines());
        poll_once();
      } catch (const std::exception& error) {
        spdlog::error("polling for source changes: {}", error.what());
      }
      lock.lock();
      wake_.wait_for(lock, interval, [this] { return stopping_; });
    }
  });
}

void SourcePoller::stop() {
  {
    const std::lock_guard<std::mutex> guard(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

}  // namespace lockstep::executors::local

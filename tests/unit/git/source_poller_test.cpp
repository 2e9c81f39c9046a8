// Default change detection by polling: each new head of a watched branch is reported once, and
// only sources that detect changes without a trigger are watched.
#include <catch2/catch.hpp>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <tuple>
#include <vector>

#include "executors/local/source_poller.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/unit/git/upstream_repository.hpp"

using namespace lockstep;
using executors::local::polled_sources;
using executors::local::RepositoryMirrors;
using executors::local::SourcePoller;
using executors::local::SourceRepository;
using executors::local::Workspace;
using testing::TempDir;
using testing::UpstreamRepository;

namespace {

using Report = std::tuple<std::string, std::string, std::string>;  // pipeline, action, commit

engine::ActionDeclaration source_action(const std::string& name, const std::string& branch,
                                        engine::Configuration extra = {}) {
  engine::ActionDeclaration action;
  action.name = name;
  action.actionTypeId = {engine::ActionCategory::Source, engine::ActionOwner::AWS,
                         "CodeStarSourceConnection", "1"};
  action.configuration = {{"FullRepositoryId", "acme/web"}, {"BranchName", branch}};
  action.configuration.merge(extra);
  action.outputArtifacts = {{name + "Output", {}}};
  return action;
}

engine::PipelineDeclaration pipeline_with(const std::string& name,
                                          std::vector<engine::ActionDeclaration> sources) {
  engine::PipelineDeclaration pipeline;
  pipeline.name = name;
  engine::StageDeclaration stage;
  stage.name = "Source";
  stage.actions = std::move(sources);
  pipeline.stages.push_back(stage);
  return pipeline;
}

struct PollingServer {
  TempDir dir;
  UpstreamRepository upstream{dir / "upstream"};
  Workspace workspace{dir / "data"};
  RepositoryMirrors mirrors{workspace, {SourceRepository{"acme/web", upstream.url(), {}}}};
  std::vector<Report> reports;
  SourcePoller poller{mirrors, [this](const std::string& pipeline, const std::string& action,
                                      const std::string& commit) {
                        reports.emplace_back(pipeline, action, commit);
                      }};
};

}  // namespace

TEST_CASE("the poller reports each new head of a watched branch once") {
  PollingServer server;
  server.upstream.commit({{"a", "1"}}, "One");
  server.poller.watch({pipeline_with("web", {source_action("Checkout", "main")})});

  server.poller.poll_once();  // the first sight only records the head
  CHECK(server.reports.empty());
  server.poller.poll_once();
  CHECK(server.reports.empty());

  const auto second = server.upstream.commit({{"a", "2"}}, "Two");
  server.poller.poll_once();
  CHECK(server.reports == std::vector<Report>{{"web", "Checkout", second}});
  server.poller.poll_once();
  CHECK(server.reports.size() == 1);

  // Two pushes between rounds start one execution, for the newest head.
  server.upstream.commit({{"a", "3"}}, "Three");
  const auto fourth = server.upstream.commit({{"a", "4"}}, "Four");
  server.poller.poll_once();
  CHECK(server.reports ==
        std::vector<Report>{{"web", "Checkout", second}, {"web", "Checkout", fourth}});
}

TEST_CASE("a commit on another branch does not fire a watched branch") {
  PollingServer server;
  server.upstream.commit({{"a", "1"}}, "One");
  server.poller.watch({pipeline_with("web", {source_action("Checkout", "main")})});
  server.poller.poll_once();
  server.upstream.create_branch("topic");
  server.upstream.commit({{"a", "topic"}}, "Topic");
  server.poller.poll_once();
  CHECK(server.reports.empty());
}

TEST_CASE("every pipeline watching a branch hears of its new head") {
  PollingServer server;
  server.upstream.commit({{"a", "1"}}, "One");
  server.poller.watch({pipeline_with("web", {source_action("Checkout", "main")}),
                       pipeline_with("docs", {source_action("Source", "main")})});
  server.poller.poll_once();
  const auto next = server.upstream.commit({{"a", "2"}}, "Two");
  server.poller.poll_once();
  CHECK(server.reports == std::vector<Report>{{"docs", "Source", next}, {"web", "Checkout", next}});
}

TEST_CASE("watching the pipelines again keeps the heads already seen") {
  PollingServer server;
  server.upstream.commit({{"a", "1"}}, "One");
  const auto pipelines = std::vector{pipeline_with("web", {source_action("Checkout", "main")})};
  server.poller.watch(pipelines);
  server.poller.poll_once();
  const auto next = server.upstream.commit({{"a", "2"}}, "Two");
  server.poller.watch(pipelines);  // an UpdatePipeline that kept the source as it was
  server.poller.poll_once();
  CHECK(server.reports == std::vector<Report>{{"web", "Checkout", next}});
}

TEST_CASE("sources with change detection off or named by a trigger are not polled") {
  auto pipeline = pipeline_with("web", {source_action("Default", "main"),
                                        source_action("Off", "main", {{"DetectChanges", "FALSE"}}),
                                        source_action("Triggered", "main")});
  engine::PipelineTriggerDeclaration trigger;
  trigger.gitConfiguration.sourceActionName = "Triggered";
  pipeline.triggers.push_back(trigger);
  engine::ActionDeclaration codecommit;
  codecommit.name = "Polled";
  codecommit.actionTypeId = {engine::ActionCategory::Source, engine::ActionOwner::AWS, "CodeCommit",
                             "1"};
  codecommit.configuration = {
      {"RepositoryName", "infra"}, {"BranchName", "main"}, {"PollForSourceChanges", "true"}};
  pipeline.stages[0].actions.push_back(codecommit);

  std::vector<std::string> names;
  for (const auto& polled : polled_sources({pipeline})) names.push_back(polled.actionName);
  CHECK(names == std::vector<std::string>{"Default", "Polled"});
}

TEST_CASE("a pipeline created while the poller runs is watched from its next round") {
  TempDir dir;
  UpstreamRepository upstream{dir / "upstream"};
  upstream.commit({{"a", "1"}}, "One");
  Workspace workspace{dir / "data"};
  RepositoryMirrors mirrors{workspace, {SourceRepository{"acme/web", upstream.url(), {}}}};

  std::mutex mutex;
  std::condition_variable changed;
  std::vector<engine::PipelineDeclaration> pipelines;  // what storage holds, as the test says
  int rounds_with_pipeline = 0;
  std::vector<Report> reports;
  SourcePoller poller{mirrors, [&](const std::string& pipeline, const std::string& action,
                                   const std::string& commit) {
                        const std::lock_guard lock(mutex);
                        reports.emplace_back(pipeline, action, commit);
                        changed.notify_all();
                      }};
  poller.start(std::chrono::seconds(1), [&] {
    const std::lock_guard lock(mutex);
    if (!pipelines.empty()) ++rounds_with_pipeline;
    changed.notify_all();
    return pipelines;
  });

  {
    const std::lock_guard lock(mutex);
    pipelines = {pipeline_with("web", {source_action("Checkout", "main")})};
  }
  // Two rounds that saw the pipeline: the first recorded the head, the second began after it.
  std::unique_lock lock(mutex);
  REQUIRE(
      changed.wait_for(lock, std::chrono::seconds(30), [&] { return rounds_with_pipeline >= 2; }));
  CHECK(reports.empty());
  lock.unlock();

  const auto second = upstream.commit({{"a", "2"}}, "Two");
  lock.lock();
  REQUIRE(changed.wait_for(lock, std::chrono::seconds(30), [&] { return !reports.empty(); }));
  CHECK(reports == std::vector<Report>{{"web", "Checkout", second}});
  lock.unlock();
  poller.stop();
}

// Git source actions run locally: the execution's commit checked out into the output artifact,
// CodePipeline's output variables, and failures that say which repository, branch or commit.
#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <sstream>

#include "executors/local/git_source_executor.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/unit/git/http_git_server.hpp"
#include "tests/unit/git/upstream_repository.hpp"

namespace fs = std::filesystem;
using namespace lockstep;
using executors::local::GitSourceExecutor;
using executors::local::RepositoryMirrors;
using executors::local::SourceRepository;
using executors::local::Workspace;
using testing::HttpGitServer;
using testing::run_git;
using testing::TempDir;
using testing::UpstreamRepository;

namespace {

std::string read_file(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

engine::StartAction codestar_source(const std::string& attempt,
                                    const std::string& branch = "main") {
  engine::StartAction start;
  start.actionExecutionId = attempt;
  start.pipelineName = "web";
  start.pipelineExecutionId = "exec-" + attempt;
  start.stageName = "Source";
  start.action.name = "Checkout";
  start.action.actionTypeId = {engine::ActionCategory::Source, engine::ActionOwner::AWS,
                               "CodeStarSourceConnection", "1"};
  start.action.outputArtifacts = {{"SourceOutput", {}}};
  start.resolvedConfiguration = {
      {"FullRepositoryId", "acme/web"},
      {"BranchName", branch},
      {"ConnectionArn", "arn:aws:codestar-connections:us-east-1:123456789012:connection/abc"}};
  start.action.configuration = start.resolvedConfiguration;
  return start;
}

// A server with one configured repository, acme/web, served from a folder of the test.
struct SourceServer {
  TempDir dir;
  UpstreamRepository upstream{dir / "upstream"};
  Workspace workspace{dir / "data"};
  RepositoryMirrors mirrors{workspace, {SourceRepository{"acme/web", upstream.url(), {}}}};
  GitSourceExecutor executor{workspace, mirrors};

  engine::ActionCompleted run(const engine::StartAction& action) {
    std::promise<engine::ActionCompleted> report;
    auto future = report.get_future();
    executor.start(action,
                   [&report](engine::ActionCompleted c) { report.set_value(std::move(c)); });
    REQUIRE(future.wait_for(std::chrono::seconds(60)) == std::future_status::ready);
    return future.get();
  }

  std::string log_of(const engine::StartAction& action) const {
    return read_file(workspace.log_file(action.pipelineExecutionId, action.actionExecutionId));
  }
};

}  // namespace

TEST_CASE("a source action checks out its branch head and reports CodePipeline's variables") {
  SourceServer server;
  const auto commit = server.upstream.commit({{"index.html", "<h1>hi</h1>\n"}},
                                             "Add the home page\n\nWith a body.", 1700000000);
  const auto action = codestar_source("a1");
  const auto report = server.run(action);

  INFO(report.summary);
  REQUIRE(report.outcome == engine::ActionOutcome::Succeeded);
  CHECK(report.actionExecutionId == "a1");
  CHECK(report.pipelineExecutionId == "exec-a1");
  CHECK(report.summary == "Add the home page\n\nWith a body.");
  CHECK(report.externalExecutionId == commit);
  REQUIRE(report.outputArtifacts.size() == 1);
  const auto& artifact = report.outputArtifacts.front();
  CHECK(artifact.name == "SourceOutput");
  CHECK(artifact.revisionId == commit);
  CHECK(artifact.location == server.workspace.artifact_directory(action, "SourceOutput").string());
  CHECK(read_file(fs::path(artifact.location) / "index.html") == "<h1>hi</h1>\n");
  CHECK_FALSE(fs::exists(fs::path(artifact.location) / ".git"));
  CHECK(report.outputVariables ==
        engine::VariableValues{
            {"CommitId", commit},
            {"CommitMessage", "Add the home page\n\nWith a body."},
            {"AuthorDate", "2023-11-14T22:13:20Z"},
            {"BranchName", "main"},
            {"ConnectionArn", "arn:aws:codestar-connections:us-east-1:123456789012:connection/abc"},
            {"FullRepositoryName", "acme/web"}});
  CHECK_THAT(server.log_of(action), Catch::Contains("Checked out " + commit));
}

TEST_CASE("the commit pinned by the trigger is checked out after the branch has moved on") {
  SourceServer server;
  const auto pinned = server.upstream.commit({{"version.txt", "1\n"}}, "Version 1");
  server.upstream.commit({{"version.txt", "2\n"}}, "Version 2");
  auto action = codestar_source("a1");
  action.sourceRevisions = {{"Other", "COMMIT_ID", "ffffffffffffffffffffffffffffffffffffffff"},
                            {"Checkout", "COMMIT_ID", pinned}};
  const auto report = server.run(action);

  INFO(report.summary);
  REQUIRE(report.outcome == engine::ActionOutcome::Succeeded);
  CHECK(report.outputVariables.at("CommitId") == pinned);
  CHECK(report.outputArtifacts.at(0).revisionId == pinned);
  CHECK(read_file(fs::path(report.outputArtifacts.at(0).location) / "version.txt") == "1\n");
}

TEST_CASE("a pinned commit that exists only on another branch is checked out") {
  SourceServer server;
  server.upstream.commit({{"a", "main"}}, "Main");
  server.upstream.create_branch("topic");
  const auto topic = server.upstream.commit({{"a", "topic"}}, "Topic");
  auto action = codestar_source("a1");
  action.sourceRevisions = {{"Checkout", "COMMIT_ID", topic}};
  const auto report = server.run(action);
  REQUIRE(report.outcome == engine::ActionOutcome::Succeeded);
  CHECK(read_file(fs::path(report.outputArtifacts.at(0).location) / "a") == "topic");
}

TEST_CASE("a branch that does not exist fails naming the branch and the repository") {
  SourceServer server;
  server.upstream.commit({{"a", "a"}}, "A");
  const auto report = server.run(codestar_source("a1", "release"));
  CHECK(report.outcome == engine::ActionOutcome::Failed);
  CHECK(report.summary == "branch \"release\" does not exist in repository acme/web (url " +
                              server.upstream.url() + ")");
  REQUIRE(report.errorDetails);
  CHECK(report.errorDetails->message == report.summary);
  CHECK(report.outputArtifacts.empty());
}

TEST_CASE("a pinned commit that does not exist fails naming the commit") {
  SourceServer server;
  server.upstream.commit({{"a", "a"}}, "A");
  auto action = codestar_source("a1");
  action.sourceRevisions = {{"Checkout", "COMMIT_ID", "0123456789abcdef0123456789abcdef01234567"}};
  const auto report = server.run(action);
  CHECK(report.outcome == engine::ActionOutcome::Failed);
  CHECK(report.summary ==
        "commit 0123456789abcdef0123456789abcdef01234567 does not exist in repository acme/web "
        "(url " +
            server.upstream.url() + ")");
}

TEST_CASE("a repository that vanished fails with a sentence naming it") {
  SourceServer server;
  server.upstream.commit({{"a", "a"}}, "A");
  REQUIRE(server.run(codestar_source("a1")).outcome == engine::ActionOutcome::Succeeded);

  fs::remove_all(server.upstream.path());
  const auto report = server.run(codestar_source("a2"));
  CHECK(report.outcome == engine::ActionOutcome::Failed);
  CHECK(report.summary == "cannot fetch repository acme/web (url " + server.upstream.url() +
                              "): there is no repository at " + server.upstream.url());
}

TEST_CASE("a repository missing from the server's list fails saying so") {
  SourceServer server;
  auto action = codestar_source("a1");
  action.resolvedConfiguration["FullRepositoryId"] = "acme/unknown";
  const auto report = server.run(action);
  CHECK(report.outcome == engine::ActionOutcome::Failed);
  CHECK(report.summary ==
        "repository acme/unknown is not in the server's repositories list, and the action has "
        "no RepositoryUrl");
}

TEST_CASE("RepositoryUrl names a repository the server's list does not have") {
  SourceServer server;
  UpstreamRepository other(server.dir / "other");
  const auto commit = other.commit({{"other.txt", "other"}}, "Other repository");
  auto action = codestar_source("a1");
  action.resolvedConfiguration["FullRepositoryId"] = "acme/other";
  action.resolvedConfiguration["RepositoryUrl"] = other.url();
  const auto report = server.run(action);
  INFO(report.summary);
  REQUIRE(report.outcome == engine::ActionOutcome::Succeeded);
  CHECK(report.outputVariables.at("CommitId") == commit);
  CHECK(report.outputVariables.at("FullRepositoryName") == "acme/other");
}

TEST_CASE("CODEBUILD_CLONE_REF produces a working clone whose HEAD is the commit") {
  SourceServer server;
  const auto pinned = server.upstream.commit({{"a.txt", "one"}}, "One");
  server.upstream.commit({{"a.txt", "two"}}, "Two");
  auto action = codestar_source("a1");
  action.resolvedConfiguration["OutputArtifactFormat"] = "CODEBUILD_CLONE_REF";
  action.sourceRevisions = {{"Checkout", "COMMIT_ID", pinned}};
  const auto report = server.run(action);

  INFO(report.summary);
  REQUIRE(report.outcome == engine::ActionOutcome::Succeeded);
  const fs::path clone = report.outputArtifacts.at(0).location;
  CHECK(fs::is_directory(clone / ".git"));
  CHECK(run_git(clone, {"rev-parse", "HEAD"}) == pinned);
  CHECK(run_git(clone, {"rev-parse", "--abbrev-ref", "HEAD"}) == "main");
  CHECK(run_git(clone, {"status", "--porcelain"}).empty());
  CHECK(read_file(clone / "a.txt") == "one");
}

TEST_CASE("CodeCommit and GitHub sources report their own output variables") {
  SourceServer server;
  const auto commit = server.upstream.commit({{"a", "a"}}, "A", 1700000000);

  auto codecommit = codestar_source("a1");
  codecommit.action.actionTypeId.provider = "CodeCommit";
  codecommit.resolvedConfiguration = {{"RepositoryName", "acme/web"}, {"BranchName", "main"}};
  const auto from_codecommit = server.run(codecommit);
  INFO(from_codecommit.summary);
  REQUIRE(from_codecommit.outcome == engine::ActionOutcome::Succeeded);
  CHECK(from_codecommit.outputVariables ==
        engine::VariableValues{{"CommitId", commit},
                               {"CommitMessage", "A"},
                               {"AuthorDate", "2023-11-14T22:13:20Z"},
                               {"CommitterDate", "2023-11-14T22:14:20Z"},
                               {"BranchName", "main"},
                               {"RepositoryName", "acme/web"}});

  auto github = codestar_source("a2");
  github.action.actionTypeId = {engine::ActionCategory::Source, engine::ActionOwner::ThirdParty,
                                "GitHub", "1"};
  github.resolvedConfiguration = {
      {"Owner", "acme"}, {"Repo", "web"}, {"Branch", "main"}, {"OAuthToken", "****"}};
  const auto from_github = server.run(github);
  INFO(from_github.summary);
  REQUIRE(from_github.outcome == engine::ActionOutcome::Succeeded);
  CHECK(from_github.outputVariables ==
        engine::VariableValues{{"CommitId", commit},
                               {"CommitMessage", "A"},
                               {"AuthorDate", "2023-11-14T22:13:20Z"},
                               {"CommitterDate", "2023-11-14T22:14:20Z"},
                               {"CommitUrl", ""},
                               {"BranchName", "main"},
                               {"RepositoryName", "web"}});
}

TEST_CASE("credentials in the repository's URL never reach the summary or the log") {
  TempDir dir;
  Workspace workspace(dir / "data");
  // Nothing listens on port 1 of the loopback address: the fetch fails at once.
  RepositoryMirrors mirrors(
      workspace,
      {SourceRepository{
          "acme/web", "https://robot:hunter2@127.0.0.1:1/acme/web.git", {"tok-secret-123", {}}}});
  GitSourceExecutor executor(workspace, mirrors);
  std::promise<engine::ActionCompleted> report;
  auto future = report.get_future();
  const auto action = codestar_source("a1");
  executor.start(action, [&report](engine::ActionCompleted c) { report.set_value(std::move(c)); });
  REQUIRE(future.wait_for(std::chrono::seconds(60)) == std::future_status::ready);
  const auto completed = future.get();

  CHECK(completed.outcome == engine::ActionOutcome::Failed);
  CHECK_THAT(completed.summary, Catch::StartsWith("cannot fetch repository acme/web (url "
                                                  "https://127.0.0.1:1/acme/web.git): "));
  const std::string log =
      read_file(workspace.log_file(action.pipelineExecutionId, action.actionExecutionId));
  CHECK_THAT(log, Catch::Contains("https://127.0.0.1:1/acme/web.git"));
  for (const std::string secret : {"hunter2", "tok-secret-123"}) {
    CHECK(completed.summary.find(secret) == std::string::npos);
    CHECK(log.find(secret) == std::string::npos);
  }
}

TEST_CASE("source actions of one repository started together all get their commit") {
  SourceServer server;
  const auto commit = server.upstream.commit({{"a", "a"}}, "A");
  std::vector<std::promise<engine::ActionCompleted>> reports(4);
  std::vector<std::future<engine::ActionCompleted>> futures;
  for (std::size_t i = 0; i < reports.size(); ++i) {
    futures.push_back(reports[i].get_future());
    server.executor.start(
        codestar_source("a" + std::to_string(i)),
        [&report = reports[i]](engine::ActionCompleted c) { report.set_value(std::move(c)); });
  }
  for (auto& future : futures) {
    REQUIRE(future.wait_for(std::chrono::seconds(60)) == std::future_status::ready);
    const auto report = future.get();
    INFO(report.summary);
    CHECK(report.outcome == engine::ActionOutcome::Succeeded);
    CHECK(report.outputArtifacts.at(0).revisionId == commit);
  }
}

TEST_CASE("a token-protected repository is fetched with its token and a wrong token is not shown") {
  TempDir dir;
  UpstreamRepository upstream(dir / "upstream");
  const auto commit = upstream.commit({{"a", "a"}}, "A");
  run_git(dir.path(),
          {"clone", "--quiet", "--bare", upstream.url(), (dir / "served" / "web.git").string()});
  HttpGitServer http(dir / "served", "right-token-1");
  Workspace workspace(dir / "data");
  RepositoryMirrors mirrors(
      workspace, {SourceRepository{"acme/web", http.url("web.git"), {"right-token-1", {}}},
                  SourceRepository{"acme/wrong", http.url("web.git"), {"wrong-token-2", {}}}});
  GitSourceExecutor executor(workspace, mirrors);
  const auto run = [&executor](const engine::StartAction& action) {
    std::promise<engine::ActionCompleted> report;
    auto future = report.get_future();
    executor.start(action,
                   [&report](engine::ActionCompleted c) { report.set_value(std::move(c)); });
    REQUIRE(future.wait_for(std::chrono::seconds(60)) == std::future_status::ready);
    return future.get();
  };

  const auto fetched = run(codestar_source("a1"));
  INFO(fetched.summary);
  REQUIRE(fetched.outcome == engine::ActionOutcome::Succeeded);
  CHECK(fetched.outputVariables.at("CommitId") == commit);

  auto wrong = codestar_source("a2");
  wrong.resolvedConfiguration["FullRepositoryId"] = "acme/wrong";
  const auto refused = run(wrong);
  CHECK(refused.outcome == engine::ActionOutcome::Failed);
  CHECK(refused.summary == "cannot fetch repository acme/wrong (url " + http.url("web.git") +
                               "): the remote refused the configured credentials");
  REQUIRE(refused.errorDetails);
  CHECK(refused.errorDetails->code == "PermissionError");
  const std::string log = read_file(workspace.log_file(wrong.pipelineExecutionId, "a2"));
  CHECK(log.find("wrong-token-2") == std::string::npos);
}

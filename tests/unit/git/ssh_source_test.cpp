// Git sources over SSH: a real sshd of the test's own on loopback serves a repository the test
// made; the source action fetches it with the configured key and checks the host key against the
// configured known_hosts file.
#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <sstream>

#include "executors/local/git_source_executor.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/unit/git/ssh_git_server.hpp"
#include "tests/unit/git/upstream_repository.hpp"

namespace fs = std::filesystem;
using namespace lockstep;
using executors::local::GitCredentials;
using executors::local::GitSourceExecutor;
using executors::local::RepositoryMirrors;
using executors::local::SourceRepository;
using executors::local::Workspace;
using testing::run_git;
using testing::SshGitServer;
using testing::TempDir;
using testing::UpstreamRepository;

namespace {

engine::StartAction source_of(const std::string& repository, const std::string& attempt) {
  engine::StartAction start;
  start.actionExecutionId = attempt;
  start.pipelineName = "web";
  start.pipelineExecutionId = "exec-" + attempt;
  start.stageName = "Source";
  start.action.name = "Checkout";
  start.action.actionTypeId = {engine::ActionCategory::Source, engine::ActionOwner::AWS,
                               "CodeStarSourceConnection", "1"};
  start.action.outputArtifacts = {{"SourceOutput", {}}};
  start.resolvedConfiguration = {{"FullRepositoryId", repository}, {"BranchName", "main"}};
  start.action.configuration = start.resolvedConfiguration;
  return start;
}

std::string read_file(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

TEST_CASE("a repository served over SSH is fetched with the configured key and known hosts") {
  TempDir dir;
  UpstreamRepository upstream(dir / "upstream");
  const auto commit = upstream.commit({{"index.html", "over ssh"}}, "A");
  const fs::path served = dir / "served" / "web.git";
  run_git(dir.path(), {"clone", "--quiet", "--bare", upstream.url(), served.string()});
  const SshGitServer ssh(dir / "ssh");
  const std::string url = ssh.url(served);
  const fs::path empty_known_hosts = dir / "empty_known_hosts";
  std::ofstream(empty_known_hosts).close();

  Workspace workspace(dir / "data");
  RepositoryMirrors mirrors(
      workspace,
      {SourceRepository{"acme/web", url, GitCredentials{"", ssh.client_key(), ssh.known_hosts()}},
       SourceRepository{"acme/wrong-key", url,
                        GitCredentials{"", ssh.other_key(), ssh.known_hosts()}},
       SourceRepository{"acme/unknown-host", url,
                        GitCredentials{"", ssh.client_key(), empty_known_hosts}},
       SourceRepository{"acme/changed-host", url,
                        GitCredentials{"", ssh.client_key(), ssh.wrong_known_hosts()}}});
  GitSourceExecutor executor(workspace, mirrors);
  const auto run = [&executor](const engine::StartAction& action) {
    std::promise<engine::ActionCompleted> report;
    auto future = report.get_future();
    executor.start(action,
                   [&report](engine::ActionCompleted c) { report.set_value(std::move(c)); });
    REQUIRE(future.wait_for(std::chrono::seconds(60)) == std::future_status::ready);
    return future.get();
  };

  const auto fetched = run(source_of("acme/web", "a1"));
  INFO(fetched.summary);
  REQUIRE(fetched.outcome == engine::ActionOutcome::Succeeded);
  CHECK(fetched.outputVariables.at("CommitId") == commit);
  REQUIRE(fetched.outputArtifacts.size() == 1);
  CHECK(read_file(fs::path(fetched.outputArtifacts[0].location) / "index.html") == "over ssh");

  const auto wrong_key = run(source_of("acme/wrong-key", "a2"));
  CHECK(wrong_key.outcome == engine::ActionOutcome::Failed);
  CHECK(wrong_key.summary == "cannot fetch repository acme/wrong-key (url " + url +
                                 "): the remote refused the configured credentials");
  REQUIRE(wrong_key.errorDetails);
  CHECK(wrong_key.errorDetails->code == "PermissionError");

  const auto unknown = run(source_of("acme/unknown-host", "a3"));
  CHECK(unknown.outcome == engine::ActionOutcome::Failed);
  CHECK(unknown.summary == "cannot fetch repository acme/unknown-host (url " + url +
                               "): the SSH host [127.0.0.1]:" + std::to_string(ssh.port()) +
                               " is not listed in the known_hosts file " +
                               empty_known_hosts.string());

  const auto changed = run(source_of("acme/changed-host", "a4"));
  CHECK(changed.outcome == engine::ActionOutcome::Failed);
  CHECK_THAT(changed.summary,
             Catch::Contains("is not the one " + ssh.wrong_known_hosts().string() +
                             " lists for it: the key changed or another host answered"));
}

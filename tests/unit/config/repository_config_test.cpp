// The repositories list and the polling interval of lockstep.yaml: values, secrets from the
// environment, and every problem with its line and key.
#include <catch2/catch.hpp>

#include <algorithm>

#include "config/server_config.hpp"
#include "tests/support/temp_dir.hpp"

using lockstep::config::ConfigProblem;
using lockstep::config::load_config;
using lockstep::testing::TempDir;

namespace {

std::vector<std::string> describe(const std::vector<ConfigProblem>& problems) {
  std::vector<std::string> lines;
  for (const auto& p : problems) {
    lines.push_back(std::to_string(p.line) + ": " + p.key + ": " + p.message);
  }
  return lines;
}

bool has_problem(const std::vector<ConfigProblem>& problems, int line, const std::string& key,
                 const std::string& words) {
  return std::any_of(problems.begin(), problems.end(), [&](const ConfigProblem& p) {
    return p.line == line && p.key == key && p.message.find(words) != std::string::npos;
  });
}

}  // namespace

TEST_CASE("a repositories list is read with urls and credentials", "[config]") {
  TempDir dir;
  const auto file = dir.write("etc/lockstep.yaml", R"(repositories:
  - id: acme/web
    url: https://github.com/acme/web.git
    token: ghp_secret
    webhook_secret: hook-secret
  - id: acme/infra
    url: git@gitlab.com:acme/infra.git
    ssh_key: keys/deploy
    ssh_known_hosts: keys/known_hosts
  - id: local
    url: /srv/git/local.git
)");
  const auto loaded = load_config(file.string(), {});
  for (const auto& line : describe(loaded.problems)) UNSCOPED_INFO(line);
  REQUIRE(loaded.ok());
  const auto& repositories = loaded.config.repositories;
  REQUIRE(repositories.size() == 3);
  CHECK(repositories[0].id == "acme/web");
  CHECK(repositories[0].url == "https://github.com/acme/web.git");
  CHECK(repositories[0].token == "ghp_secret");
  CHECK(repositories[0].webhook_secret == "hook-secret");
  CHECK(repositories[0].line == 2);
  CHECK(repositories[1].ssh_key == (dir.path() / "etc/keys/deploy").string());
  CHECK(repositories[1].ssh_known_hosts == (dir.path() / "etc/keys/known_hosts").string());
  CHECK(repositories[2].url == "/srv/git/local.git");
  CHECK(repositories[2].token.empty());
}

TEST_CASE("tokens and webhook secrets can come from environment variables", "[config]") {
  TempDir dir;
  const auto file = dir.write("lockstep.yaml", R"(repositories:
  - id: acme/web
    url: https://github.com/acme/web.git
    token_env: WEB_TOKEN
    webhook_secret_env: WEB_HOOK
)");
  const auto loaded = load_config(file.string(), {{"WEB_TOKEN", "t0k"}, {"WEB_HOOK", "h00k"}});
  for (const auto& line : describe(loaded.problems)) UNSCOPED_INFO(line);
  REQUIRE(loaded.ok());
  REQUIRE(loaded.config.repositories.size() == 1);
  CHECK(loaded.config.repositories[0].token == "t0k");
  CHECK(loaded.config.repositories[0].token_env == "WEB_TOKEN");
  CHECK(loaded.config.repositories[0].webhook_secret == "h00k");
}

TEST_CASE("a token variable that is not set is a problem naming the variable", "[config]") {
  TempDir dir;
  const auto file = dir.write("lockstep.yaml", R"(repositories:
  - id: acme/web
    url: https://github.com/acme/web.git
    token_env: WEB_TOKEN
)");
  const auto loaded = load_config(file.string(), {});
  CHECK(describe(loaded.problems) ==
        std::vector<std::string>{
            "2: repositories[0].token_env: names the variable WEB_TOKEN, which is not set"});
}

TEST_CASE("every problem in the repositories list is reported with its line and key", "[config]") {
  TempDir dir;
  const auto file = dir.write("lockstep.yaml", R"(repositories:
  - url: https://example.com/a.git
  - id: acme/b
    url: ftp://example.com/b.git
    colour: blue
  - id: acme/c
    url: https://example.com/c.git
    token: one
    token_env: TWO
  - id: acme/d
    url: https://example.com/d.git
    ssh_key: /keys/d
  - id: ACME/C2
    url: git@example.com:c2.git
    token: three
  - id: Acme/E
    url: /srv/e.git
  - id: acme/e
    url: /srv/e2.git
  - just a string
)");
  const auto loaded = load_config(file.string(), {});
  const auto& p = loaded.problems;
  for (const auto& line : describe(p)) UNSCOPED_INFO(line);
  CHECK(has_problem(p, 2, "repositories[0].id", "is required"));
  CHECK(has_problem(p, 4, "repositories[1].url", "must be an https://"));
  CHECK(has_problem(p, 5, "repositories[1].colour", "is not a repository setting"));
  CHECK(has_problem(p, 9, "repositories[2].token_env", "cannot be combined with token"));
  CHECK(has_problem(p, 12, "repositories[3].ssh_key", "not an SSH URL"));
  CHECK(has_problem(p, 15, "repositories[4].token", "HTTPS only"));
  CHECK(has_problem(p, 18, "repositories[6].id", "repeats the id of repositories[5] (line 16)"));
  CHECK(has_problem(p, 20, "repositories[7]", "must be a map"));
  CHECK(p.size() == 8);
  CHECK(loaded.config.repositories.size() == 1);  // only Acme/E is sound
}

TEST_CASE("repositories must be a list", "[config]") {
  TempDir dir;
  const auto file = dir.write("lockstep.yaml", "log:\n  level: info\nrepositories: acme/web\n");
  const auto loaded = load_config(file.string(), {});
  CHECK(describe(loaded.problems) ==
        std::vector<std::string>{
            "3: repositories: must be a list of repositories (- id: ..., url: ...)"});
}

TEST_CASE("the polling interval defaults to a minute and can be set or overridden", "[config]") {
  CHECK(polling_interval(load_config(std::nullopt, {}).config) == std::chrono::seconds(60));
  TempDir dir;
  const auto file = dir.write("lockstep.yaml", "polling:\n  interval_seconds: \"15\"\n");
  CHECK(polling_interval(load_config(file.string(), {}).config) == std::chrono::seconds(15));
  const auto overridden = load_config(file.string(), {{"LOCKSTEP_POLLING_INTERVAL_SECONDS", "5"}});
  CHECK(polling_interval(overridden.config) == std::chrono::seconds(5));
}

TEST_CASE("a polling interval that is not a whole number of seconds is a problem", "[config]") {
  TempDir dir;
  const auto file = dir.write("lockstep.yaml", "polling:\n  interval_seconds: 0.5\n");
  const auto loaded = load_config(file.string(), {{"LOCKSTEP_POLLING_INTERVAL_SECONDS", "0"}});
  CHECK(describe(loaded.problems) ==
        std::vector<std::string>{
            "2: polling.interval_seconds: must be a whole number of seconds from 1 to 86400",
            "0: LOCKSTEP_POLLING_INTERVAL_SECONDS: must be a whole number of seconds from 1 to "
            "86400"});
}

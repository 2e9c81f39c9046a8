// The webhook secrets: global ones from the file or the environment, per-repository maps from
// the file, and problems that never repeat a secret's value.
#include <catch2/catch.hpp>

#include "config/server_config.hpp"
#include "tests/support/temp_dir.hpp"

using lockstep::config::load_config;
using lockstep::testing::TempDir;

TEST_CASE("webhook secrets are read per repository and globally", "[config]") {
  TempDir dir;
  const auto file = dir.write("lockstep.yaml", R"(webhooks:
  github:
    secret: global-github
    secrets:
      acme/web: web-secret
      Acme/API: api-secret
  gitlab:
    token: global-gitlab
    tokens:
      group/sub/project: project-token
)");
  const auto loaded = load_config(file.string(), {});
  REQUIRE(loaded.ok());
  const auto& hooks = loaded.config.webhooks;
  CHECK(hooks.github.secret == "global-github");
  CHECK(hooks.github.secrets.at("acme/web") == "web-secret");
  CHECK(hooks.github.secrets.at("Acme/API") == "api-secret");
  CHECK(hooks.gitlab.token == "global-gitlab");
  CHECK(hooks.gitlab.tokens.at("group/sub/project") == "project-token");
}

TEST_CASE("the environment sets the global webhook secrets", "[config]") {
  const auto loaded = load_config(std::nullopt, {{"LOCKSTEP_GITHUB_WEBHOOK_SECRET", "from-env"},
                                                 {"LOCKSTEP_GITLAB_WEBHOOK_TOKEN", "token-env"}});
  REQUIRE(loaded.ok());
  CHECK(loaded.config.webhooks.github.secret == "from-env");
  CHECK(loaded.config.webhooks.gitlab.token == "token-env");
}

TEST_CASE("a bad per-repository entry is reported with its line and without its value",
          "[config]") {
  TempDir dir;
  const auto file = dir.write("lockstep.yaml", R"(webhooks:
  github:
    secrets:
      not-a-repository: hidden-value-1
      acme/good: fine
      acme/multi: [a, b]
)");
  const auto loaded = load_config(file.string(), {});
  REQUIRE(loaded.problems.size() == 2);
  CHECK(loaded.problems[0].line == 4);
  CHECK(loaded.problems[0].key == "webhooks.github.secrets.not-a-repository");
  CHECK(loaded.problems[1].line == 6);
  for (const auto& problem : loaded.problems) {
    CHECK(problem.message.find("hidden-value") == std::string::npos);
  }
  CHECK(loaded.config.webhooks.github.secrets.size() == 1);
  CHECK(loaded.config.webhooks.github.secrets.at("acme/good") == "fine");
}

TEST_CASE("a webhook section that is not a map is a problem naming its keys", "[config]") {
  TempDir dir;
  const auto file = dir.write("lockstep.yaml", "webhooks:\n  github: yes\n");
  const auto loaded = load_config(file.string(), {});
  REQUIRE(loaded.problems.size() == 1);
  CHECK(loaded.problems[0].key == "webhooks.github");
  CHECK(loaded.problems[0].message.find("secret, secrets") != std::string::npos);
}

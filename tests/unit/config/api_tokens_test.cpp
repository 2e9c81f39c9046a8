// The REST API's Bearer tokens: api.tokens in the file and the admin token from the environment.
// Problems never repeat a token.
#include <catch2/catch.hpp>

#include "config/server_config.hpp"
#include "tests/support/temp_dir.hpp"

using lockstep::config::load_config;
using lockstep::testing::TempDir;

TEST_CASE("api tokens are read from api.tokens with their names and roles", "[config]") {
  TempDir dir;
  const auto file = dir.write("lockstep.yaml", R"(api:
  tokens:
    - name: dashboard
      token: dashboard-token-0123456789
      role: viewer
    - name: deployer
      token: deployer-token-0123456789
      role: operator
)");
  const auto loaded = load_config(file.string(), {{"LOCKSTEP_API_TOKEN", "env-admin-token-0123"}});
  REQUIRE(loaded.ok());
  REQUIRE(loaded.config.api.tokens.size() == 3);
  CHECK(loaded.config.api.tokens[0].name == "dashboard");
  CHECK(loaded.config.api.tokens[0].role == "viewer");
  CHECK(loaded.config.api.tokens[1].token == "deployer-token-0123456789");
  CHECK(loaded.config.api.tokens[2].name == "LOCKSTEP_API_TOKEN");
  CHECK(loaded.config.api.tokens[2].token == "env-admin-token-0123");
  CHECK(loaded.config.api.tokens[2].role == "admin");
}

TEST_CASE("every malformed api token entry is reported with its line and no token", "[config]") {
  TempDir dir;
  const auto file = dir.write("lockstep.yaml", R"(api:
  tokens:
    - name: short
      token: tiny-token
      role: viewer
    - name: boss
      token: boss-token-0123456789
      role: superuser
    - name: half
      token: half-token-0123456789
)");
  const auto loaded = load_config(file.string(), {{"LOCKSTEP_API_TOKEN", "short"}});
  REQUIRE(loaded.problems.size() == 4);
  CHECK(loaded.problems[0].key == "api.tokens[0].token");
  CHECK(loaded.problems[0].line == 4);
  CHECK(loaded.problems[0].message.find("tiny-token") == std::string::npos);
  CHECK(loaded.problems[1].key == "api.tokens[1].role");
  CHECK(loaded.problems[1].line == 8);
  CHECK(loaded.problems[2].key == "api.tokens[2]");
  CHECK(loaded.problems[3].key == "LOCKSTEP_API_TOKEN");
  CHECK(loaded.config.api.tokens.empty());
}

// The API's access keys: auth.access_keys in the file, the admin pair from the environment, and
// the switch for unauthenticated requests. Problems never repeat a secret.
#include <catch2/catch.hpp>

#include "config/server_config.hpp"
#include "tests/support/temp_dir.hpp"

using lockstep::config::load_config;
using lockstep::testing::TempDir;

TEST_CASE("access keys are read from auth.access_keys in the file", "[config]") {
  TempDir dir;
  const auto file = dir.write("lockstep.yaml", R"(auth:
  access_keys:
    - access_key_id: AKIDONE
      secret_access_key: first-secret-value
    - access_key_id: AKIDTWO
      secret_access_key: second-secret-value
  allow_unauthenticated: true
)");
  const auto loaded = load_config(file.string(), {});
  REQUIRE(loaded.ok());
  REQUIRE(loaded.config.auth.access_keys.size() == 2);
  CHECK(loaded.config.auth.access_keys[0].access_key_id == "AKIDONE");
  CHECK(loaded.config.auth.access_keys[1].secret_access_key == "second-secret-value");
  CHECK(loaded.config.auth.allows_unauthenticated());
}

TEST_CASE("every malformed access key entry is reported with its line and no secret", "[config]") {
  TempDir dir;
  const auto file = dir.write("lockstep.yaml", R"(auth:
  access_keys:
    - access_key_id: "no spaces allowed"
      secret_access_key: short
    - access_key_id: AKIDOK
    - access_key_id: AKIDOK2
      secret_access_key: long-enough-secret
      colour: blue
)");
  const auto loaded = load_config(file.string(), {});
  REQUIRE(loaded.problems.size() == 4);
  CHECK(loaded.problems[0].key == "auth.access_keys[0].access_key_id");
  CHECK(loaded.problems[0].line == 3);
  CHECK(loaded.problems[1].key == "auth.access_keys[0].secret_access_key");
  CHECK(loaded.problems[1].line == 4);
  CHECK(loaded.problems[1].message.find("short") == std::string::npos);
  CHECK(loaded.problems[2].key == "auth.access_keys[1]");
  CHECK(loaded.problems[3].key == "auth.access_keys[2].colour");
  CHECK(loaded.config.auth.access_keys.empty());
}

TEST_CASE("LOCKSTEP_ACCESS_KEY_ID and LOCKSTEP_SECRET_ACCESS_KEY add an admin key pair",
          "[config]") {
  const auto loaded = load_config(std::nullopt, {{"LOCKSTEP_ACCESS_KEY_ID", "ADMINKEY"},
                                                 {"LOCKSTEP_SECRET_ACCESS_KEY", "admin-secret-1"},
                                                 {"LOCKSTEP_ALLOW_UNAUTHENTICATED", "false"}});
  REQUIRE(loaded.ok());
  REQUIRE(loaded.config.auth.access_keys.size() == 1);
  CHECK(loaded.config.auth.access_keys[0].access_key_id == "ADMINKEY");
  CHECK(loaded.config.auth.access_keys[0].secret_access_key == "admin-secret-1");
  CHECK_FALSE(loaded.config.auth.allows_unauthenticated());
}

TEST_CASE("an access key id without its secret in the environment is a problem", "[config]") {
  const auto loaded = load_config(std::nullopt, {{"LOCKSTEP_ACCESS_KEY_ID", "ADMINKEY"}});
  REQUIRE(loaded.problems.size() == 1);
  CHECK(loaded.problems[0].key == "LOCKSTEP_ACCESS_KEY_ID");
  CHECK(loaded.config.auth.access_keys.empty());
  const auto bad = load_config(std::nullopt, {{"LOCKSTEP_ALLOW_UNAUTHENTICATED", "yes"}});
  REQUIRE(bad.problems.size() == 1);
  CHECK(bad.problems[0].key == "LOCKSTEP_ALLOW_UNAUTHENTICATED");
}

// LOCKSTEP_* variables override the file; unknown ones are left for later versions.
#include <catch2/catch.hpp>

#include "config/server_config.hpp"
#include "tests/support/temp_dir.hpp"

using lockstep::config::load_config;
using lockstep::testing::TempDir;

TEST_CASE("every LOCKSTEP variable overrides its setting", "[config]") {
  const auto loaded = load_config(std::nullopt, {
                                                    {"LOCKSTEP_LISTEN", "0.0.0.0:80"},
                                                    {"LOCKSTEP_PUBLIC_URL", "https://ci.local"},
                                                    {"LOCKSTEP_DATA_DIR", "state"},
                                                    {"LOCKSTEP_PIPELINES_DIR", "pipes"},
                                                    {"LOCKSTEP_LOG_LEVEL", "warn"},
                                                    {"LOCKSTEP_LOG_FORMAT", "json"},
                                                    {"LOCKSTEP_AWS_REGION", "ap-south-1"},
                                                    {"LOCKSTEP_AWS_ACCOUNT_ID", "999999999999"},
                                                });
  REQUIRE(loaded.ok());
  CHECK(loaded.config.server.listen == "0.0.0.0:80");
  CHECK(loaded.config.server.public_url == "https://ci.local");
  CHECK(loaded.config.data_dir == "state");  // relative to the working directory, as in a shell
  CHECK(loaded.config.pipelines_dir == "pipes");
  CHECK(loaded.config.log.level == "warn");
  CHECK(loaded.config.log.format == "json");
  CHECK(loaded.config.aws.region == "ap-south-1");
  CHECK(loaded.config.aws.account_id == "999999999999");
}

TEST_CASE("the environment wins over the file", "[config]") {
  TempDir dir;
  const auto file = dir.write("lockstep.yaml", "log:\n  level: debug\n  format: text\n");
  const auto loaded = load_config(file.string(), {{"LOCKSTEP_LOG_LEVEL", "error"}});
  REQUIRE(loaded.ok());
  CHECK(loaded.config.log.level == "error");
  CHECK(loaded.config.log.format == "text");
}

TEST_CASE("unknown LOCKSTEP variables and other variables are ignored", "[config]") {
  const auto loaded = load_config(std::nullopt, {{"LOCKSTEP_FUTURE_SETTING", "x"},
                                                 {"LOCKSTEP_SOME_FUTURE_SETTING", "y"},
                                                 {"LOG_LEVEL", "nonsense"},
                                                 {"PATH", "/usr/bin"}});
  CHECK(loaded.ok());
  CHECK(loaded.config.log.level == "info");
}

TEST_CASE("a bad variable value is a problem named after the variable", "[config]") {
  const auto loaded = load_config(
      std::nullopt, {{"LOCKSTEP_AWS_ACCOUNT_ID", "12"}, {"LOCKSTEP_LISTEN", "nowhere"}});
  REQUIRE(loaded.problems.size() == 2);
  CHECK(loaded.problems[0].file.empty());
  CHECK(loaded.problems[0].line == 0);
  CHECK(loaded.problems[0].key == "LOCKSTEP_LISTEN");
  CHECK(loaded.problems[1].key == "LOCKSTEP_AWS_ACCOUNT_ID");
  CHECK(loaded.problems[1].message == "must be exactly 12 digits, for example 123456789012");
  CHECK(loaded.config.aws.account_id == "123456789012");
}

TEST_CASE("problems from the file and the environment are reported together", "[config]") {
  TempDir dir;
  const auto file = dir.write("lockstep.yaml", "log:\n  format: xml\n");
  const auto loaded = load_config(file.string(), {{"LOCKSTEP_LOG_LEVEL", "loud"}});
  REQUIRE(loaded.problems.size() == 2);
  CHECK(loaded.problems[0].key == "log.format");
  CHECK(loaded.problems[1].key == "LOCKSTEP_LOG_LEVEL");
}

TEST_CASE("process_environment sees the variables of this process", "[config]") {
  ::setenv("LOCKSTEP_TEST_VARIABLE", "a=b", 1);
  const auto environment = lockstep::config::process_environment();
  ::unsetenv("LOCKSTEP_TEST_VARIABLE");
  REQUIRE(environment.contains("LOCKSTEP_TEST_VARIABLE"));
  CHECK(environment.at("LOCKSTEP_TEST_VARIABLE") == "a=b");
}

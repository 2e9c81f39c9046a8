// Reading lockstep.yaml: values, defaults, and every problem reported with its file, line, key.
#include <catch2/catch.hpp>

#include "config/server_config.hpp"
#include "tests/support/temp_dir.hpp"

using lockstep::config::ConfigProblem;
using lockstep::config::load_config;
using lockstep::testing::TempDir;

namespace {

std::vector<std::string> describe(const std::vector<ConfigProblem>& problems) {
  std::vector<std::string> lines;
  for (const auto& p : problems) {
    lines.push_back(p.file + ":" + std::to_string(p.line) + ": " + p.key + ": " + p.message);
  }
  return lines;
}

}  // namespace

TEST_CASE("without a file every setting has its default", "[config]") {
  const auto loaded = load_config(std::nullopt, {});
  REQUIRE(loaded.ok());
  CHECK(loaded.config.server.listen == "127.0.0.1:8080");
  CHECK(loaded.config.server.public_url.empty());
  CHECK(loaded.config.data_dir == ".lockstep");
  CHECK(loaded.config.pipelines_dir.empty());
  CHECK(loaded.config.log.level == "info");
  CHECK(loaded.config.log.format == "text");
  CHECK(loaded.config.aws.region == "us-east-1");
  CHECK(loaded.config.aws.account_id == "123456789012");
}

TEST_CASE("a file sets every documented key", "[config]") {
  TempDir dir;
  const auto file = dir.write("lockstep.yaml", R"(server:
  listen: 0.0.0.0:9000
  public_url: https://ci.example.com
data_dir: /var/lib/lockstep
pipelines_dir: /etc/lockstep/pipelines
log:
  level: debug
  format: json
aws:
  region: eu-west-1
  account_id: "000011112222"
)");
  const auto loaded = load_config(file.string(), {});
  for (const auto& line : describe(loaded.problems)) UNSCOPED_INFO(line);
  REQUIRE(loaded.ok());
  CHECK(loaded.config.server.listen == "0.0.0.0:9000");
  CHECK(loaded.config.server.public_url == "https://ci.example.com");
  CHECK(loaded.config.data_dir == "/var/lib/lockstep");
  CHECK(loaded.config.pipelines_dir == "/etc/lockstep/pipelines");
  CHECK(loaded.config.log.level == "debug");
  CHECK(loaded.config.log.format == "json");
  CHECK(loaded.config.aws.region == "eu-west-1");
  CHECK(loaded.config.aws.account_id == "000011112222");
}

TEST_CASE("relative paths in a file are taken from the file's folder", "[config]") {
  TempDir dir;
  const auto file = dir.write("etc/lockstep.yaml", "data_dir: state\npipelines_dir: ../pipes\n");
  const auto loaded = load_config(file.string(), {});
  REQUIRE(loaded.ok());
  CHECK(loaded.config.data_dir == (dir.path() / "etc/state").string());
  CHECK(loaded.config.pipelines_dir == (dir.path() / "pipes").string());
}

TEST_CASE("an empty file keeps the defaults", "[config]") {
  TempDir dir;
  const auto file = dir.write("lockstep.yaml", "# nothing set\n");
  const auto loaded = load_config(file.string(), {});
  CHECK(loaded.ok());
  CHECK(loaded.config.server.listen == "127.0.0.1:8080");
}

TEST_CASE("every problem in a file is reported with its line and key", "[config]") {
  TempDir dir;
  const auto file = dir.write("lockstep.yaml", R"(server:
  listen: localhost
  port: 8080
data_dir:
  path: /tmp
log:
  level: verbose
  format: json
aws:
  account_id: 1234
colour: blue
)");
  const auto loaded = load_config(file.string(), {});
  const std::string f = file.string();
  CHECK(describe(loaded.problems) ==
        std::vector<std::string>{
            f + ":2: server.listen: must be HOST:PORT, for example 127.0.0.1:8080 or [::1]:8080 "
                "(port 0 picks a free port)",
            f + ":3: server.port: is not a known setting; expected one of listen, public_url, tls",
            f + ":4: data_dir: must be a string, not a map",
            f + ":7: log.level: must be one of trace, debug, info, warn, error",
            f + ":10: aws.account_id: must be exactly 12 digits, for example 123456789012",
            f + ":11: colour: is not a known setting; expected one of server, data_dir, "
                "pipelines_dir, log, aws, polling, webhooks, notifications, auth, api, deploy, "
                "codebuild, "
                "secrets, "
                "repositories",
        });
  // Values that were fine still count, and the bad ones keep their defaults.
  CHECK(loaded.config.log.format == "json");
  CHECK(loaded.config.log.level == "info");
  CHECK(loaded.config.server.listen == "127.0.0.1:8080");
}

TEST_CASE("a section written as a plain value is a problem", "[config]") {
  TempDir dir;
  const auto file = dir.write("lockstep.yaml", "server: 127.0.0.1:8080\nlog: [info]\n");
  const auto loaded = load_config(file.string(), {});
  const std::string f = file.string();
  CHECK(describe(loaded.problems) ==
        std::vector<std::string>{
            f + ":1: server: must be a map with the keys listen, public_url, tls, not a value",
            f + ":2: log: must be a map with the keys level, format, not a list",
        });
}

TEST_CASE("a key set twice is a problem", "[config]") {
  TempDir dir;
  const auto file = dir.write("lockstep.yaml", "data_dir: a\ndata_dir: b\n");
  const auto loaded = load_config(file.string(), {});
  REQUIRE(loaded.problems.size() == 1);
  CHECK(loaded.problems[0].line == 2);
  CHECK(loaded.problems[0].key == "data_dir");
  CHECK(loaded.problems[0].message == "is set twice (first on line 1)");
}

TEST_CASE("a setting with no value is a problem", "[config]") {
  TempDir dir;
  const auto file = dir.write("lockstep.yaml", "log:\n  level:\n");
  const auto loaded = load_config(file.string(), {});
  REQUIRE(loaded.problems.size() == 1);
  CHECK(loaded.problems[0].line == 2);
  CHECK(loaded.problems[0].key == "log.level");
  CHECK(loaded.problems[0].message == "must be a string, not nothing");
}

TEST_CASE("a file that is not YAML is one problem with its line", "[config]") {
  TempDir dir;
  const auto file = dir.write("lockstep.yaml", "server:\n  listen: [unclosed\n");
  const auto loaded = load_config(file.string(), {});
  REQUIRE(loaded.problems.size() == 1);
  CHECK(loaded.problems[0].file == file.string());
  CHECK(loaded.problems[0].line >= 2);
  CHECK(loaded.problems[0].key.empty());
  CHECK_THAT(loaded.problems[0].message, Catch::StartsWith("is not valid YAML"));
}

TEST_CASE("a file that is a list instead of a map is a problem", "[config]") {
  TempDir dir;
  const auto file = dir.write("lockstep.yaml", "- listen\n");
  const auto loaded = load_config(file.string(), {});
  REQUIRE(loaded.problems.size() == 1);
  CHECK(loaded.problems[0].line == 1);
  CHECK_THAT(loaded.problems[0].message, Catch::StartsWith("must be a map of settings"));
}

TEST_CASE("a missing file is a problem naming the file", "[config]") {
  TempDir dir;
  const auto file = (dir / "absent.yaml").string();
  const auto loaded = load_config(file, {});
  REQUIRE(loaded.problems.size() == 1);
  CHECK(loaded.problems[0].file == file);
  CHECK(loaded.problems[0].line == 0);
  CHECK(loaded.problems[0].message == "cannot read the file: No such file or directory");
}

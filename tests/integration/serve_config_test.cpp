// How `lockstep serve` settles its configuration: problems stop it with exit 2 and say where;
// the environment overrides the file and flags override both.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "tests/integration/lockstep_process.hpp"

using namespace lockstep::testing;

namespace {

bool all_lines_are_json(const std::string& text) {
  const auto lines = lines_of(text);
  if (lines.empty()) return false;
  for (const auto& line : lines) {
    if (!nlohmann::json::accept(line)) return false;
  }
  return true;
}

}  // namespace

TEST_CASE("an invalid config file stops serve with exit 2 and every problem", "[serve]") {
  TempDir dir;
  const auto config = dir.write("lockstep.yaml",
                                "server:\n  listen: everywhere\nlog:\n  level: loud\n"
                                "aws:\n  account_id: \"42\"\n");
  const auto result = run_lockstep({"serve", "--config", config.string()});
  const std::string f = config.string();
  CHECK(result.status == 2);
  CHECK(result.out.empty());
  CHECK(lines_of(result.err) ==
        std::vector<std::string>{
            f + ":2: server.listen: must be HOST:PORT, for example 127.0.0.1:8080 or "
                "[::1]:8080 (port 0 picks a free port)",
            f + ":4: log.level: must be one of trace, debug, info, warn, error",
            f + ":6: aws.account_id: must be exactly 12 digits, for example 123456789012",
        });
}

TEST_CASE("a config file with an unknown key stops serve", "[serve]") {
  TempDir dir;
  const auto config = dir.write("lockstep.yaml", "data_dir: state\nlisten: 127.0.0.1:0\n");
  const auto result = run_lockstep({"serve", "--config", config.string()});
  CHECK(result.status == 2);
  CHECK(
      result.err ==
      config.string() +
          ":2: listen: is not a known setting; expected one of server, "
          "data_dir, pipelines_dir, log, aws, polling, webhooks, notifications, auth, api, deploy, "
          "codebuild, secrets, repositories\n");
}

TEST_CASE("a missing config file stops serve with exit 2", "[serve]") {
  TempDir dir;
  const auto missing = (dir / "absent.yaml").string();
  const auto result = run_lockstep({"serve", "--config", missing});
  CHECK(result.status == 2);
  CHECK(result.err == missing + ": cannot read the file: No such file or directory\n");
}

TEST_CASE("bad flag and variable values stop serve with exit 2", "[serve]") {
  TempDir dir;
  ProcessOptions options;
  options.environment["LOCKSTEP_LISTEN"] = "nowhere";
  const auto result = run_lockstep(
      {"serve", "--data-dir", (dir / "data").string(), "--log-level", "loud"}, options);
  CHECK(result.status == 2);
  CHECK(lines_of(result.err) ==
        std::vector<std::string>{
            "LOCKSTEP_LISTEN: must be HOST:PORT, for example 127.0.0.1:8080 or [::1]:8080 (port "
            "0 picks a free port)",
            "--log-level: must be one of trace, debug, info, warn, error",
        });
}

TEST_CASE("serve reads its settings from the config file", "[serve]") {
  TempDir dir;
  const auto config = dir.write("etc/lockstep.yaml", "data_dir: state\nlog:\n  format: json\n");
  // --data-dir is what the helper passes; drop it here so the file's data_dir counts.
  Process process(
      {LOCKSTEP_BINARY, "serve", "--config", config.string(), "--listen", "127.0.0.1:0"});
  REQUIRE(process.await_stderr_line(listening_line(), std::chrono::seconds(20)));
  process.send_signal(SIGTERM);
  REQUIRE(process.wait(std::chrono::seconds(10)) == 0);
  CHECK(std::filesystem::exists(dir / "etc/state/lockstep.db"));
  CHECK(all_lines_are_json(process.err()));
}

TEST_CASE("the environment overrides the file and flags override the environment", "[serve]") {
  TempDir dir;
  const auto config = dir.write("lockstep.yaml", "log:\n  format: text\n");
  ProcessOptions json_from_environment;
  json_from_environment.environment["LOCKSTEP_LOG_FORMAT"] = "json";

  {
    ServerProcess server(dir / "data", {"--config", config.string()}, json_from_environment);
    REQUIRE(server.stop().first == 0);
    CHECK(all_lines_are_json(server.process().err()));
  }
  {
    ServerProcess server(dir / "data", {"--config", config.string(), "--log-format", "text"},
                         json_from_environment);
    REQUIRE(server.stop().first == 0);
    CHECK_FALSE(all_lines_are_json(server.process().err()));
  }
}

TEST_CASE("serve refuses unauthenticated API requests on a listener that is not loopback",
          "[serve]") {
  TempDir dir;
  ProcessOptions options;
  options.environment = {{"LOCKSTEP_ALLOW_UNAUTHENTICATED", "true"}};
  const auto result = run_lockstep(
      {"serve", "--listen", "0.0.0.0:0", "--data-dir", (dir / "data").string()}, options);
  CHECK(result.status == 2);
  CHECK(result.err.find("auth.allow_unauthenticated is true but 0.0.0.0:0 is not a loopback "
                        "address") != std::string::npos);
}

TEST_CASE("serve warns while it serves unauthenticated API requests on loopback", "[serve]") {
  TempDir dir;
  ProcessOptions options;
  options.environment = {{"LOCKSTEP_ALLOW_UNAUTHENTICATED", "true"}};
  ServerProcess server(dir / "data", {}, options);
  CHECK(server.process().err().find("serves unauthenticated requests") != std::string::npos);
}

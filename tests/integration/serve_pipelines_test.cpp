// `lockstep serve --pipelines DIR`: declarations are created or updated at every start, invalid
// ones are reported and skipped, and what was stored is what SQLite holds after shutdown.
#include <catch2/catch.hpp>

#include "storage/sqlite_store.hpp"
#include "tests/integration/lockstep_process.hpp"
#include "tests/support/http_client.hpp"

using namespace lockstep::testing;

namespace {

// A valid two-stage pipeline; `project` is the one value tests change between versions.
std::string pipeline_yaml(const std::string& name, const std::string& project) {
  std::string text = R"(pipeline:
  name: NAME
  roleArn: arn:aws:iam::123456789012:role/shop
  artifactStore: {type: S3, location: artifacts}
  stages:
    - name: Source
      actions:
        - name: Source
          actionTypeId: {category: Source, owner: AWS, provider: CodeStarSourceConnection, version: '1'}
          configuration: {FullRepositoryId: acme/shop, BranchName: main}
          outputArtifacts: [{name: Code}]
    - name: Build
      actions:
        - name: Build
          actionTypeId: {category: Build, owner: AWS, provider: CodeBuild, version: '1'}
          configuration: {ProjectName: PROJECT}
          inputArtifacts: [{name: Code}]
)";
  text.replace(text.find("NAME"), 4, name);
  text.replace(text.find("PROJECT"), 7, project);
  return text;
}

// Starts serve on the folder, waits for its summary line, stops it; returns its stderr.
std::string serve_once(const TempDir& dir) {
  ServerProcess server(dir / "data", {"--pipelines", (dir / "pipelines").string()});
  const auto [status, took] = server.stop();
  REQUIRE(status == 0);
  return server.process().err();
}

int stored_version(const TempDir& dir, const std::string& name) {
  const auto store = lockstep::storage::SqliteStore::open(dir / "data/lockstep.db");
  const auto pipeline = store->get_pipeline(name);
  return pipeline ? pipeline->declaration.version : 0;
}

}  // namespace

TEST_CASE("serve creates the pipelines of its folder", "[serve]") {
  TempDir dir;
  const auto file = dir.write("pipelines/shop.yaml", pipeline_yaml("shop", "shop-build"));
  const std::string log = serve_once(dir);
  CHECK_THAT(log, Catch::Contains("pipeline shop created (version 1) from " + file.string()));
  CHECK(stored_version(dir, "shop") == 1);
}

TEST_CASE("a restart with an unchanged file leaves the pipeline unchanged", "[serve]") {
  TempDir dir;
  dir.write("pipelines/shop.yaml", pipeline_yaml("shop", "shop-build"));
  serve_once(dir);
  const std::string log = serve_once(dir);
  CHECK_THAT(log, Catch::Contains("pipeline shop unchanged (version 1)"));
  CHECK(stored_version(dir, "shop") == 1);
}

TEST_CASE("a restart with a changed file stores version 2", "[serve]") {
  TempDir dir;
  dir.write("pipelines/shop.yaml", pipeline_yaml("shop", "shop-build"));
  serve_once(dir);
  dir.write("pipelines/shop.yaml", pipeline_yaml("shop", "shop-build-v2"));
  const std::string log = serve_once(dir);
  CHECK_THAT(log, Catch::Contains("pipeline shop updated (version 2)"));
  CHECK(stored_version(dir, "shop") == 2);
  const auto store = lockstep::storage::SqliteStore::open(dir / "data/lockstep.db");
  const auto current = store->get_pipeline("shop");
  REQUIRE(current);
  CHECK(current->declaration.stages.at(1).actions.at(0).configuration.at("ProjectName") ==
        "shop-build-v2");
}

TEST_CASE("an invalid declaration is logged and skipped and the server still starts", "[serve]") {
  TempDir dir;
  dir.write("pipelines/good.json",
            R"({"pipeline": {"name": "good", "roleArn": "arn:aws:iam::123456789012:role/good",
  "artifactStore": {"type": "S3", "location": "artifacts"},
  "stages": [
    {"name": "Source", "actions": [{"name": "Source",
      "actionTypeId": {"category": "Source", "owner": "AWS",
                       "provider": "CodeStarSourceConnection", "version": "1"},
      "configuration": {"FullRepositoryId": "acme/good", "BranchName": "main"},
      "outputArtifacts": [{"name": "Code"}]}]},
    {"name": "Approve", "actions": [{"name": "Approve",
      "actionTypeId": {"category": "Approval", "owner": "AWS", "provider": "Manual",
                       "version": "1"}}]}]}})");
  const auto bad = dir.write("pipelines/bad.yaml", "pipeline:\n  name: bad\n  stages: []\n");
  dir.write("pipelines/notes.txt", "not a declaration");

  ServerProcess server(dir / "data", {"--pipelines", (dir / "pipelines").string()});
  CHECK(http_get(server.port(), "/healthz").status == 200);
  REQUIRE(server.stop().first == 0);
  const std::string log = server.process().err();
  CHECK_THAT(log, Catch::Contains(bad.string() + ":"));
  CHECK_THAT(log, Catch::Contains("skipped " + bad.string()));
  CHECK_THAT(log, Catch::Contains("pipeline good created (version 1)"));
  CHECK_THAT(log, Catch::Contains("1 created, 0 updated, 0 unchanged, 1 skipped"));
  CHECK(stored_version(dir, "good") == 1);
  CHECK(stored_version(dir, "bad") == 0);
}

TEST_CASE("a pipeline declared in two files is stored from the first only", "[serve]") {
  TempDir dir;
  const auto first = dir.write("pipelines/a.yaml", pipeline_yaml("shop", "from-a"));
  const auto second = dir.write("pipelines/b.yml", pipeline_yaml("shop", "from-b"));
  const std::string log = serve_once(dir);
  CHECK_THAT(log, Catch::Contains("skipped " + second.string() +
                                  ": pipeline shop is already declared in " + first.string()));
  CHECK(stored_version(dir, "shop") == 1);
}

TEST_CASE("the demo pipeline loads", "[serve]") {
  TempDir dir;
  ServerProcess server(dir / "data", {"--pipelines", std::string(LOCKSTEP_SOURCE_DIR) +
                                                         "/config/examples/pipelines"});
  REQUIRE(server.stop().first == 0);
  CHECK_THAT(server.process().err(), Catch::Contains("pipeline demo created (version 1)"));
}

TEST_CASE("a pipelines folder that does not exist stops serve with exit 2", "[serve]") {
  TempDir dir;
  const auto result =
      run_lockstep({"serve", "--listen", "127.0.0.1:0", "--data-dir", (dir / "data").string(),
                    "--pipelines", (dir / "absent").string()});
  CHECK(result.status == 2);
  CHECK_THAT(result.err, Catch::Contains("the pipelines directory " + (dir / "absent").string() +
                                         " does not exist"));
}

TEST_CASE("the log level hides the lines below it", "[serve]") {
  TempDir dir;
  dir.write("pipelines/bad.yaml", "pipeline:\n  name: bad\n");
  Process process({LOCKSTEP_BINARY, "serve", "--listen", "127.0.0.1:0", "--data-dir",
                   (dir / "data").string(), "--pipelines", (dir / "pipelines").string(),
                   "--log-level", "warn"});
  // With info hidden there is no "listening" line to wait for; the skip is an error line.
  REQUIRE(process.await_stderr_line(std::regex("skipped .*bad\\.yaml"), std::chrono::seconds(20)));
  process.send_signal(SIGTERM);
  REQUIRE(process.wait(std::chrono::seconds(10)) == 0);
  CHECK_THAT(process.err(), !Catch::Contains(" info "));
  CHECK_THAT(process.err(), Catch::Contains(" error "));
}

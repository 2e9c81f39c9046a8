// `lockstep validate FILE...`: "FILE: ok" for each valid file, one "FILE:LINE: path: sentence"
// line per problem, and an exit status scripts can branch on.
#include <catch2/catch.hpp>

#include "tests/integration/lockstep_process.hpp"

using namespace lockstep::testing;

namespace {

const std::string kDemo = std::string(LOCKSTEP_SOURCE_DIR) + "/config/examples/pipelines/demo.yaml";

const char* const kValidJson = R"({
  "pipeline": {
    "name": "tiny",
    "artifactStore": {"type": "S3", "location": "artifacts"},
    "stages": [
      {"name": "Source", "actions": [{"name": "Source",
        "actionTypeId": {"category": "Source", "owner": "AWS",
                         "provider": "CodeStarSourceConnection", "version": "1"},
        "configuration": {"FullRepositoryId": "acme/tiny", "BranchName": "main"},
        "outputArtifacts": [{"name": "Code"}]}]},
      {"name": "Build", "actions": [{"name": "Build",
        "actionTypeId": {"category": "Build", "owner": "AWS", "provider": "CodeBuild",
                         "version": "1"},
        "configuration": {"ProjectName": "tiny"},
        "inputArtifacts": [{"name": "Code"}]}]}
    ]
  }
}
)";

// Two problems: a runOrder out of range and an unknown action category.
const char* const kTwoProblems = R"(pipeline:
  name: broken
  artifactStore: {type: S3, location: artifacts}
  stages:
    - name: Source
      actions:
        - name: Source
          actionTypeId: {category: Source, owner: AWS, provider: CodeStarSourceConnection, version: '1'}
          configuration: {FullRepositoryId: acme/broken, BranchName: main}
          outputArtifacts: [{name: Code}]
    - name: Build
      actions:
        - name: Build
          runOrder: 1000
          actionTypeId: {category: Built, owner: AWS, provider: CodeBuild, version: '1'}
          configuration: {ProjectName: broken}
          inputArtifacts: [{name: Code}]
)";

}  // namespace

TEST_CASE("validate says ok for the demo pipeline", "[validate]") {
  const auto result = run_lockstep({"validate", kDemo});
  CHECK(result.status == 0);
  CHECK(result.out == kDemo + ": ok\n");
  CHECK(result.err.empty());
}

TEST_CASE("validate says ok for a valid JSON declaration", "[validate]") {
  TempDir dir;
  const auto file = dir.write("tiny.json", kValidJson);
  const auto result = run_lockstep({"validate", file.string()});
  CHECK(result.status == 0);
  CHECK(result.out == file.string() + ": ok\n");
}

TEST_CASE("validate prints every problem of an invalid file with its line", "[validate]") {
  TempDir dir;
  const auto file = dir.write("broken.yaml", kTwoProblems);
  const auto result = run_lockstep({"validate", file.string()});
  const std::string f = file.string();
  CHECK(result.status == 1);
  CHECK(lines_of(result.out) ==
        std::vector<std::string>{
            f + ":14: pipeline.stages[1].actions[0].runOrder: runOrder must be between 1 and 999, "
                "got 1000",
            f + ":15: pipeline.stages[1].actions[0].actionTypeId.category: category \"Built\" is "
                "not one of Source, Build, Deploy, Test, Invoke, Approval, Compute",
        });
  CHECK(result.err.empty());
}

TEST_CASE("validate reports each of several files and fails when one is invalid", "[validate]") {
  TempDir dir;
  const auto good = dir.write("good.json", kValidJson);
  const auto bad = dir.write("bad.yaml", kTwoProblems);
  const auto result = run_lockstep({"validate", good.string(), bad.string(), kDemo});
  CHECK(result.status == 1);
  const auto lines = lines_of(result.out);
  REQUIRE(lines.size() == 4);
  CHECK(lines[0] == good.string() + ": ok");
  CHECK_THAT(lines[1], Catch::StartsWith(bad.string() + ":14: "));
  CHECK_THAT(lines[2], Catch::StartsWith(bad.string() + ":15: "));
  CHECK(lines[3] == kDemo + ": ok");
}

TEST_CASE("validate on a missing file exits 2", "[validate]") {
  TempDir dir;
  const auto missing = (dir / "absent.yaml").string();
  const auto result = run_lockstep({"validate", missing});
  CHECK(result.status == 2);
  CHECK(result.out.empty());
  CHECK(result.err == missing + ": cannot read the file: No such file or directory\n");
}

TEST_CASE("validate still checks the readable files when one is missing", "[validate]") {
  TempDir dir;
  const auto missing = (dir / "absent.yaml").string();
  const auto result = run_lockstep({"validate", missing, kDemo});
  CHECK(result.status == 2);
  CHECK(result.out == kDemo + ": ok\n");
}

TEST_CASE("validate on a file that is not JSON or YAML reports where it breaks", "[validate]") {
  TempDir dir;
  const auto file = dir.write("garbage.json", "{\"pipeline\": {\"name\": \n");
  const auto result = run_lockstep({"validate", file.string()});
  CHECK(result.status == 1);
  const auto lines = lines_of(result.out);
  REQUIRE(lines.size() == 1);
  CHECK_THAT(lines[0], Catch::StartsWith(file.string() + ":"));
}

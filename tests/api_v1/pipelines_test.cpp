// Pipelines over the REST API: create from JSON and YAML, list, get, update, delete, validate
// and state, with the AWS API's error names and REST statuses.
#include "tests/api_v1/rest_fixture.hpp"
#include "tests/support/process.hpp"

namespace {

using lockstep::testing::RestFixture;
using lockstep::testing::RestRequest;
using nlohmann::json;
namespace t = lockstep::testing;

const std::string kYamlPipeline = R"(pipeline:
  name: from-yaml
  roleArn: arn:aws:iam::123456789012:role/lockstep
  artifactStore: {type: S3, location: lockstep-artifacts}
  stages:
    - name: Source
      actions:
        - name: src
          actionTypeId: {category: Source, owner: AWS, provider: CodeStarSourceConnection, version: "1"}
          configuration: {FullRepositoryId: acme/demo, BranchName: main}
          outputArtifacts: [{name: SourceOutput}]
    - name: Build
      actions:
        - name: build
          actionTypeId: {category: Build, owner: AWS, provider: CodeBuild, version: "1"}
          configuration: {ProjectName: demo}
          inputArtifacts: [{name: SourceOutput}]
)";

// Two stages with one name, an action without a provider and a bad runOrder: three problems.
const std::string kBrokenYaml = R"(pipeline:
  name: broken
  roleArn: arn:aws:iam::123456789012:role/lockstep
  artifactStore: {type: S3, location: lockstep-artifacts}
  stages:
    - name: Source
      actions:
        - name: src
          actionTypeId: {category: Source, owner: AWS, provider: CodeStarSourceConnection, version: "1"}
          configuration: {FullRepositoryId: acme/demo, BranchName: main}
          outputArtifacts: [{name: SourceOutput}]
    - name: Source
      actions:
        - name: build
          actionTypeId: {category: Build, owner: AWS, version: "1"}
          runOrder: 0
          inputArtifacts: [{name: SourceOutput}]
)";

}  // namespace

TEST_CASE("an admin creates pipelines from JSON and from YAML and lists them by name") {
  RestFixture api;
  const json created =
      api.call("POST", "/api/v1/pipelines", {{"pipeline", t::demo_pipeline("from-json")}}, 201);
  CHECK(created["pipeline"]["name"] == "from-json");
  CHECK(created["pipeline"]["version"] == 1);

  const auto yaml =
      api.raw({"POST", "/api/v1/pipelines", t::kAdminToken, kYamlPipeline, "application/yaml"});
  INFO(yaml.body);
  REQUIRE(yaml.status == 201);
  CHECK(json::parse(yaml.body)["pipeline"]["stages"].size() == 2);

  const json first = api.call("GET", "/api/v1/pipelines?limit=1", nullptr, 200, t::kViewerToken);
  REQUIRE(first["pipelines"].size() == 1);
  CHECK(first["pipelines"][0]["name"] == "from-json");
  REQUIRE(first.contains("next"));
  const json second = api.call("GET", "/api/v1/pipelines?next=" + first["next"].get<std::string>(),
                               nullptr, 200, t::kViewerToken);
  REQUIRE(second["pipelines"].size() == 1);
  CHECK(second["pipelines"][0]["name"] == "from-yaml");
  CHECK_FALSE(second.contains("next"));

  const json got = api.call("GET", "/api/v1/pipelines/from-yaml", nullptr, 200, t::kViewerToken);
  CHECK(got["pipeline"]["stages"][1]["actions"][0]["configuration"]["ProjectName"] == "demo");
  CHECK(got["metadata"]["pipelineArn"].get<std::string>().ends_with(":from-yaml"));

  // A second pipeline with the same name conflicts, as CreatePipeline says.
  const json taken =
      api.call("POST", "/api/v1/pipelines", {{"pipeline", t::demo_pipeline("from-json")}}, 409);
  CHECK(taken["exception"] == "PipelineNameInUseException");
}

TEST_CASE("a bare pipeline object in text/yaml is accepted like the wrapped declaration") {
  RestFixture api;
  std::string bare;
  for (const auto& line : lockstep::testing::lines_of(kYamlPipeline)) {
    if (line == "pipeline:") continue;
    bare += line.substr(2) + "\n";
  }
  const auto created =
      api.raw({"POST", "/api/v1/pipelines", t::kAdminToken, bare, "text/yaml; charset=utf-8"});
  INFO(created.body);
  CHECK(created.status == 201);
}

TEST_CASE("a declaration with several problems is refused with every problem and its line") {
  RestFixture api;
  const auto refused =
      api.raw({"POST", "/api/v1/pipelines", t::kAdminToken, kBrokenYaml, "application/yaml"});
  REQUIRE(refused.status == 400);
  const json error = json::parse(refused.body);
  CHECK_FALSE(error["exception"].get<std::string>().empty());
  CHECK_FALSE(error["message"].get<std::string>().empty());
  CHECK(error["problems"].size() >= 3);

  const auto validated =
      api.raw({"POST", "/api/v1/validate", t::kViewerToken, kBrokenYaml, "application/yaml"});
  REQUIRE(validated.status == 200);
  const json report = json::parse(validated.body);
  CHECK(report["valid"] == false);
  REQUIRE(report["problems"].size() >= 3);
  std::set<int> lines;
  for (const auto& problem : report["problems"]) {
    CHECK_FALSE(problem["path"].get<std::string>().empty());
    if (problem.contains("line")) lines.insert(problem["line"].get<int>());
  }
  CHECK(lines.count(12) == 1);  // the second stage named Source
  CHECK(lines.count(16) == 1);  // runOrder: 0
  // Nothing was stored.
  api.call("GET", "/api/v1/pipelines/broken", nullptr, 404);

  const json fine = api.call("POST", "/api/v1/validate", {{"pipeline", t::demo_pipeline("ok")}});
  CHECK(fine["valid"] == true);
  CHECK(fine["problems"].empty());
  api.call("GET", "/api/v1/pipelines/ok", nullptr, 404);
}

TEST_CASE("updating a pipeline stores a new version and renaming one is refused") {
  RestFixture api;
  api.create("release");
  json declaration = t::demo_pipeline("release", "other-project");
  const json updated = api.call("PUT", "/api/v1/pipelines/release", {{"pipeline", declaration}});
  CHECK(updated["pipeline"]["version"] == 2);
  const json old = api.call("GET", "/api/v1/pipelines/release?version=1");
  CHECK(old["pipeline"]["stages"][1]["actions"][0]["configuration"]["ProjectName"] == "demo");
  CHECK(api.call("GET", "/api/v1/pipelines/release?version=9", nullptr, 404)["exception"] ==
        "PipelineVersionNotFoundException");
  CHECK(api.call("GET", "/api/v1/pipelines/release?version=x", nullptr, 400)["exception"] ==
        "ValidationException");

  const json renamed = api.call("PUT", "/api/v1/pipelines/release",
                                {{"pipeline", t::demo_pipeline("renamed")}}, 400);
  CHECK(renamed["exception"] == "ValidationException");
  const json unknown =
      api.call("PUT", "/api/v1/pipelines/absent", {{"pipeline", t::demo_pipeline("absent")}}, 404);
  CHECK(unknown["exception"] == "PipelineNotFoundException");
}

TEST_CASE("deleting a pipeline removes it and an unknown pipeline answers 404") {
  RestFixture api;
  api.create("doomed");
  api.call("DELETE", "/api/v1/pipelines/doomed");
  CHECK(api.call("GET", "/api/v1/pipelines/doomed", nullptr, 404)["exception"] ==
        "PipelineNotFoundException");
  CHECK(api.call("DELETE", "/api/v1/pipelines/doomed", nullptr, 404)["exception"] ==
        "PipelineNotFoundException");
  CHECK(api.call("GET", "/api/v1/pipelines")["pipelines"].empty());
}

TEST_CASE("a body that is not JSON or YAML is refused with 415 and one over 1 MiB with 413") {
  RestFixture api;
  const auto xml =
      api.raw({"POST", "/api/v1/pipelines", t::kAdminToken, "<pipeline/>", "application/xml"});
  CHECK(xml.status == 415);
  CHECK(json::parse(xml.body)["exception"] == "UnsupportedMediaTypeException");
  const auto text =
      api.raw({"POST", "/api/v1/pipelines/x/executions", t::kAdminToken, "{}", "text/plain"});
  CHECK(text.status == 415);
  const auto not_json = api.raw({"POST", "/api/v1/validate", t::kAdminToken, "{", ""});
  CHECK(not_json.status == 415);
  const auto bad_json = api.raw(
      {"POST", "/api/v1/pipelines/x/executions", t::kAdminToken, "[1,", "application/json"});
  CHECK(bad_json.status == 400);
  const std::string huge(1024 * 1024 + 10, ' ');
  CHECK(api.raw({"POST", "/api/v1/pipelines", t::kAdminToken, huge}).status == 413);
}

TEST_CASE("the pipeline state shows each stage and the action running now") {
  RestFixture api;
  api.create("stateful");
  const json state =
      api.call("GET", "/api/v1/pipelines/stateful/state", nullptr, 200, t::kViewerToken);
  CHECK(state["pipelineName"] == "stateful");
  REQUIRE(state["stageStates"].size() == 3);
  CHECK(state["stageStates"][0]["actionStates"][0]["latestExecution"]["status"] == "InProgress");
  CHECK(api.call("GET", "/api/v1/pipelines/absent/state", nullptr, 404)["exception"] ==
        "PipelineNotFoundException");
}

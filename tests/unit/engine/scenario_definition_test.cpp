// SEMANTICS §18 scenarios decided when a pipeline is declared: the declaration is refused.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <string>

#include "engine/declaration_parser.hpp"

namespace lockstep::engine {
namespace {

using nlohmann::json;

json action(const std::string& name, const std::string& category, const std::string& provider,
            json configuration) {
  return {{"name", name},
          {"actionTypeId",
           {{"category", category}, {"owner", "AWS"}, {"provider", provider}, {"version", "1"}}},
          {"configuration", std::move(configuration)}};
}

json source_stage() {
  json src = action("src", "Source", "CodeStarSourceConnection",
                    {{"FullRepositoryId", "acme/demo"}, {"BranchName", "main"}});
  src["outputArtifacts"] = {{{"name", "SourceOut"}}};
  return {{"name", "Source"}, {"actions", {src}}};
}

json build(const std::string& name, const std::string& input, const std::string& output,
           int run_order = 1) {
  json a = action(name, "Build", "CodeBuild", {{"ProjectName", "demo"}});
  a["runOrder"] = run_order;
  if (!input.empty()) a["inputArtifacts"] = {{{"name", input}}};
  if (!output.empty()) a["outputArtifacts"] = {{{"name", output}}};
  return a;
}

json pipeline(json stages) {
  json p = {{"name", "P"},
            {"artifactStore", {{"type", "S3"}, {"location", "p-artifacts"}}},
            {"stages", json::array({source_stage()})}};
  for (auto& stage : stages) p["stages"].push_back(std::move(stage));
  return p;
}

// The one problem the scenario is about, found by path.
const Problem& refusal(const ParsedDeclaration& parsed, const std::string& path) {
  REQUIRE_FALSE(parsed.ok());
  for (const Problem& p : parsed.problems) {
    if (p.path == path) return p;
  }
  std::string all;
  for (const Problem& p : parsed.problems) all += p.path + ": " + p.message + "\n";
  FAIL("no problem at " << path << "; problems:\n" << all);
  throw std::logic_error("unreachable");
}

TEST_CASE("S18.17 a PARALLEL pipeline declaring onFailure ROLLBACK is refused") {
  json stage_a = {{"name", "A"}, {"actions", {build("a1", "SourceOut", "")}}};
  stage_a["onFailure"] = {{"result", "ROLLBACK"}};
  json p = pipeline({stage_a});
  p["executionMode"] = "PARALLEL";
  const auto parsed = parse_pipeline_declaration(p.dump(), DocumentFormat::Json);
  const Problem& problem = refusal(parsed, "pipeline.stages[1].onFailure.result");
  CHECK(problem.exception == "InvalidStructureException");
  CHECK_THAT(problem.message, Catch::Contains("PARALLEL"));
}

TEST_CASE("S18.54 timeoutInMinutes on a non-approval action is refused") {
  json a1 = build("a1", "SourceOut", "");
  a1["timeoutInMinutes"] = 60;
  const auto parsed = parse_pipeline_declaration(
      pipeline({{{"name", "A"}, {"actions", {a1}}}}).dump(), DocumentFormat::Json);
  const Problem& problem = refusal(parsed, "pipeline.stages[1].actions[0].timeoutInMinutes");
  CHECK(problem.exception == "InvalidActionDeclarationException");
  CHECK_THAT(problem.message, Catch::Contains("Approval"));
}

TEST_CASE("S18.55 an input artifact that no earlier action outputs is refused") {
  const auto parsed = parse_pipeline_declaration(
      pipeline({{{"name", "B"}, {"actions", {build("b1", "Missing", "")}}}}).dump(),
      DocumentFormat::Json);
  const Problem& problem = refusal(parsed, "pipeline.stages[1].actions[0].inputArtifacts[0].name");
  CHECK(problem.exception == "InvalidStructureException");
  CHECK_THAT(problem.message,
             Catch::Contains("\"Missing\"") && Catch::Contains("not produced by any action"));
}

TEST_CASE("S18.56 two actions that output the same artifact are refused") {
  const auto parsed = parse_pipeline_declaration(
      pipeline({{{"name", "A"}, {"actions", {build("a1", "SourceOut", "Out")}}},
                {{"name", "B"}, {"actions", {build("b1", "SourceOut", "Out")}}}})
          .dump(),
      DocumentFormat::Json);
  const Problem& problem = refusal(parsed, "pipeline.stages[2].actions[0].outputArtifacts[0].name");
  CHECK(problem.exception == "InvalidStructureException");
  CHECK_THAT(problem.message, Catch::Contains("\"Out\""));
}

TEST_CASE("S18.57 an action consuming the output of its own runOrder group is refused") {
  const auto parsed = parse_pipeline_declaration(
      pipeline({{{"name", "A"},
                 {"actions", {build("z", "SourceOut", "ZOut", 2), build("y", "ZOut", "", 2)}}}})
          .dump(),
      DocumentFormat::Json);
  const Problem& problem = refusal(parsed, "pipeline.stages[1].actions[1].inputArtifacts[0].name");
  CHECK(problem.exception == "InvalidStructureException");
  CHECK_THAT(problem.message, Catch::Contains("\"ZOut\"") && Catch::Contains("\"z\""));
}

TEST_CASE("S18.62 a reference to the namespace of a later stage is refused") {
  json b1 = build("b1", "SourceOut", "");
  b1["configuration"]["EnvironmentVariables"] =
      R"([{"name":"X","value":"#{BuildVars.X}","type":"PLAINTEXT"}])";
  json c1 = build("c1", "SourceOut", "");
  c1["namespace"] = "BuildVars";
  const auto parsed = parse_pipeline_declaration(
      pipeline({{{"name", "B"}, {"actions", {b1}}}, {{"name", "C"}, {"actions", {c1}}}}).dump(),
      DocumentFormat::Json);
  const Problem& problem =
      refusal(parsed, "pipeline.stages[1].actions[0].configuration.EnvironmentVariables");
  CHECK(problem.exception == "InvalidActionDeclarationException");
  CHECK_THAT(problem.message, Catch::Contains("BuildVars"));
}

TEST_CASE("S18.63 a reference to a namespace of the same runOrder group is refused") {
  json y = build("y", "SourceOut", "", 2);
  y["configuration"]["EnvironmentVariables"] =
      R"([{"name":"V","value":"#{ZVars.V}","type":"PLAINTEXT"}])";
  json z = build("z", "SourceOut", "", 2);
  z["namespace"] = "ZVars";
  const auto parsed = parse_pipeline_declaration(
      pipeline({{{"name", "A"}, {"actions", {y, z}}}}).dump(), DocumentFormat::Json);
  const Problem& problem =
      refusal(parsed, "pipeline.stages[1].actions[0].configuration.EnvironmentVariables");
  CHECK(problem.exception == "InvalidActionDeclarationException");
  CHECK_THAT(problem.message, Catch::Contains("ZVars"));
}

}  // namespace
}  // namespace lockstep::engine

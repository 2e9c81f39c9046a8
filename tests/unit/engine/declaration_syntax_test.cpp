// Reading declaration text: formats, syntax errors with lines, JSON types, members, wrappers.
#include <chrono>
#include <ctime>
#include <sstream>

#include "declaration_test_helpers.hpp"

namespace lockstep::engine {
namespace {

using namespace test;

TEST_CASE("a valid YAML pipeline parses without problems and fills defaults") {
  const auto result = parse_pipeline_declaration(valid_pipeline());
  INFO(describe_problems(result));
  REQUIRE(result.ok());
  const PipelineDeclaration& d = result.declaration;
  CHECK(d.name == "demo");
  CHECK(d.roleArn == "arn:aws:iam::123456789012:role/pipeline");
  REQUIRE(d.artifactStore);
  CHECK(d.artifactStore->location == "demo-artifacts");
  REQUIRE(d.stages.size() == 2);
  CHECK(d.stages[1].actions[0].runOrder == 1);
  CHECK(d.stages[1].actions[0].inputArtifacts == std::vector<std::string>{"SourceOut"});
  CHECK(d.stages[0].actions[0].configuration.at("BranchName") == "main");
  CHECK(d.version == 1);
  CHECK(d.executionMode == ExecutionMode::Superseded);
  CHECK(d.pipelineType == PipelineType::V1);
  CHECK(d.find_stage("Build") == &d.stages[1]);
  CHECK(d.find_stage("Nope") == nullptr);
}

TEST_CASE("malformed YAML reports the yaml-cpp message and its line") {
  const std::string text = "name: demo\nstages:\n  - name: a\n    actions: [x, y\n  - name: b\n";
  const Problem p = single_problem(parse_pipeline_declaration(text));
  CHECK(p.path == "pipeline");
  CHECK(p.message == "malformed YAML: end of sequence flow not found");
  CHECK(p.exception == "ValidationException");
  CHECK(p.line == 5);
}

TEST_CASE("YAML with a bad indentation is malformed at the line of the indentation") {
  const Problem p = single_problem(parse_pipeline_declaration("name: demo\n  bad: indent\n"));
  CHECK(p.message == "malformed YAML: illegal map value");
  CHECK(p.line == 2);
}

TEST_CASE("malformed JSON reports a JSON error and its line") {
  const std::string text =
      "{\n  \"name\": \"demo\",\n  \"stages\": [\n    {\"name\": \"a\",}\n  ]\n}\n";
  const Problem p = single_problem(parse_pipeline_declaration(text));
  CHECK(p.path == "pipeline");
  CHECK_THAT(p.message, Catch::StartsWith("malformed JSON: parse error at line 4, column 18"));
  CHECK_THAT(p.message, Catch::Contains("unexpected '}'; expected string literal"));
  CHECK(p.exception == "ValidationException");
  CHECK(p.line == 4);
}

TEST_CASE("text declared as JSON is checked as JSON even when it is valid YAML") {
  const Problem p =
      single_problem(parse_pipeline_declaration("name: demo\n", DocumentFormat::Json));
  CHECK_THAT(p.message, Catch::StartsWith("malformed JSON: "));
  CHECK(p.line == 1);
}

TEST_CASE("an unterminated JSON document reports the line where the text ends") {
  const std::string text = "{\n  \"name\": \"demo\",\n  \"stages\": [\n";
  const Problem p = single_problem(parse_pipeline_declaration(text));
  CHECK_THAT(p.message, Catch::StartsWith("malformed JSON: "));
  CHECK(p.line == 4);
}

TEST_CASE("an empty document is one problem") {
  const Problem p = single_problem(parse_pipeline_declaration("  \n\n"));
  CHECK(p.path == "pipeline");
  CHECK(p.message == "the pipeline declaration is empty");
  CHECK(p.exception == "ValidationException");
}

TEST_CASE("a document that is not an object is one problem and no rule noise") {
  const Problem p = single_problem(parse_pipeline_declaration("- a\n- b\n"));
  CHECK(p.path == "pipeline");
  CHECK(p.message == "the pipeline declaration must be an object, found a list");
  CHECK(p.line == 1);
}

TEST_CASE("wrong JSON types are reported at their member with the type found") {
  const std::string text = R"({
  "name": 5,
  "roleArn": true,
  "artifactStore": {"type": "S3", "location": "demo-artifacts"},
  "stages": "all"
})";
  const auto result = parse_pipeline_declaration(text);
  INFO(describe_problems(result));
  REQUIRE(result.problems.size() == 3);
  CHECK(result.problems[0].path == "pipeline.name");
  CHECK(result.problems[0].message == "pipeline name must be a string, found a number");
  CHECK(result.problems[0].line == 2);
  CHECK(result.problems[1].path == "pipeline.roleArn");
  CHECK(result.problems[1].message == "roleArn must be a string, found a boolean");
  CHECK(result.problems[1].line == 3);
  CHECK(result.problems[2].path == "pipeline.stages");
  CHECK(result.problems[2].message == "stages must be a list, found a string");
  CHECK(result.problems[2].exception == "ValidationException");
  CHECK(result.problems[2].line == 5);
}

TEST_CASE("a list member given an object and an object member given a list are type errors") {
  const std::string text =
      pipeline(kSourceStage +
               "  - name: Build\n    actions:\n      - name: b\n        actionTypeId: "
               "[Build]\n        inputArtifacts: {name: SourceOut}\n");
  const auto result = parse_pipeline_declaration(text);
  const Problem type = problem_at(result, "pipeline.stages[1].actions[0].actionTypeId");
  CHECK(type.message == "an actionTypeId must be an object, found a list");
  CHECK(type.line == line_of(text, "actionTypeId: [Build]"));
  const Problem inputs = problem_at(result, "pipeline.stages[1].actions[0].inputArtifacts");
  CHECK(inputs.message == "inputArtifacts must be a list, found an object");
  CHECK(inputs.exception == "ValidationException");
  CHECK(inputs.line == line_of(text, "inputArtifacts: {name"));
}

TEST_CASE(
    "a JSON number is refused where a string is expected but YAML plain scalars are strings") {
  const auto yaml = parse_pipeline_declaration(valid_pipeline());
  REQUIRE(yaml.ok());
  const std::string json =
      R"({"name": "demo", "artifactStore": {"type": "S3", "location": "bucket"},
"stages": [
 {"name": "Source", "actions": [{"name": "src",
   "actionTypeId": {"category": "Source", "owner": "AWS", "provider": "CodeStarSourceConnection", "version": 1},
   "configuration": {"FullRepositoryId": "a/b", "BranchName": "main"}, "outputArtifacts": [{"name": "S"}]}]},
 {"name": "Build", "actions": [{"name": "b", "runOrder": "2",
   "actionTypeId": {"category": "Build", "owner": "AWS", "provider": "CodeBuild", "version": "1"},
   "configuration": {"ProjectName": "p"}, "inputArtifacts": [{"name": "S"}]}]}]})";
  const auto result = parse_pipeline_declaration(json);
  INFO(describe_problems(result));
  REQUIRE(result.problems.size() == 2);
  CHECK(result.problems[0].path == "pipeline.stages[0].actions[0].actionTypeId.version");
  CHECK(result.problems[0].message == "version must be a string, found a number");
  CHECK(result.problems[0].line == 4);
  CHECK(result.problems[1].path == "pipeline.stages[1].actions[0].runOrder");
  CHECK(result.problems[1].message == "runOrder must be an integer, found a string");
  CHECK(result.problems[1].line == 6);
}

TEST_CASE("missing required members are reported at the line of the object that lacks them") {
  const std::string text = pipeline(
      kSourceStage + "  - name: Build\n    actions:\n      - name: b\n" + "  - actions: []\n");
  const auto result = parse_pipeline_declaration(text);
  const Problem type = problem_at(result, "pipeline.stages[1].actions[0].actionTypeId");
  CHECK(type.message == "missing required member \"actionTypeId\"");
  CHECK(type.exception == "ValidationException");
  CHECK(type.line == line_of(text, "- name: b"));
  const Problem name = problem_at(result, "pipeline.stages[2].name");
  CHECK(name.message == "missing required member \"name\"");
  CHECK(name.line == line_of(text, "- actions: []"));
}

TEST_CASE("unknown members are reported and a differently cased member is suggested") {
  const std::string text =
      pipeline(kSourceStage +
                   stage("Build", build_action("build", "SourceOut", "", "        runorder: 2\n")),
               "descripton: my pipeline\n");
  const auto result = parse_pipeline_declaration(text);
  INFO(describe_problems(result));
  REQUIRE(result.problems.size() == 2);
  const Problem top = problem_at(result, "pipeline.descripton");
  CHECK(top.message == "unknown member \"descripton\" in the pipeline declaration");
  CHECK(top.exception == "ValidationException");
  CHECK(top.line == line_of(text, "descripton"));
  const Problem run = problem_at(result, "pipeline.stages[1].actions[0].runorder");
  CHECK(run.message == "unknown member \"runorder\" in an action; did you mean \"runOrder\"?");
  CHECK(run.line == line_of(text, "runorder"));
}

TEST_CASE("a member given twice in one object is reported at the second occurrence") {
  const std::string text = R"({
  "name": "demo",
  "name": "other",
  "artifactStore": {"type": "S3", "location": "bucket"},
  "stages": []
})";
  const auto result = parse_pipeline_declaration(text);
  const Problem p = problem_at(result, "pipeline.name");
  CHECK(p.message == "member \"name\" appears more than once in the pipeline declaration");
  CHECK(p.line == 3);
  CHECK(result.declaration.name == "demo");
}

TEST_CASE("the get-pipeline output of the AWS CLI parses as it is printed") {
  const auto result = parse_pipeline_declaration(fixture("get-pipeline-web-app.json"));
  INFO(describe_problems(result));
  REQUIRE(result.ok());
  const PipelineDeclaration& d = result.declaration;
  CHECK(d.name == "web-app");
  CHECK(d.version == 7);
  CHECK(d.executionMode == ExecutionMode::Queued);
  CHECK(d.pipelineType == PipelineType::V2);
  REQUIRE(d.stages.size() == 4);
  CHECK(d.stages[0].actions[0].namespace_ == "SourceVariables");
  CHECK(d.stages[0].actions[0].configuration.at("OutputArtifactFormat") == "CODE_ZIP");
  CHECK(d.stages[2].actions[0].timeoutInMinutes == 1440);
  CHECK(d.stages[3].actions[0].inputArtifacts == std::vector<std::string>{"BuildArtifact"});
  REQUIRE(d.triggers.size() == 1);
  CHECK(d.triggers[0].gitConfiguration.sourceActionName == "Source");
  REQUIRE(d.triggers[0].gitConfiguration.push.size() == 1);
  CHECK(d.triggers[0].gitConfiguration.push[0].branches->includes ==
        std::vector<std::string>{"main"});
}

TEST_CASE("the YAML form of a pipeline reads the same as its get-pipeline JSON") {
  const auto yaml = parse_pipeline_declaration(fixture("web-app.yaml"));
  const auto json = parse_pipeline_declaration(fixture("get-pipeline-web-app.json"));
  INFO(describe_problems(yaml));
  REQUIRE(yaml.ok());
  REQUIRE(json.ok());
  CHECK(yaml.declaration == json.declaration);
}

TEST_CASE("problems inside the get-pipeline wrapper have paths starting at pipeline") {
  std::string text = fixture("get-pipeline-web-app.json");
  const auto at = text.find("\"name\": \"BuildArtifact\"");
  REQUIRE(at != std::string::npos);
  text.replace(at, std::string("\"name\": \"BuildArtifact\"").size(),
               "\"name\": \"Build Artifact\"");
  const auto result = parse_pipeline_declaration(text);
  const Problem p = problem_at(result, "pipeline.stages[1].actions[0].outputArtifacts[0].name");
  CHECK(p.message == "artifact name \"Build Artifact\" must match the pattern [a-zA-Z0-9_\\-]+");
  CHECK(p.exception == "ValidationException");
  CHECK(p.line == line_of(text, "Build Artifact"));
}

TEST_CASE("members next to pipeline other than metadata are refused") {
  const std::string text = "{\"pipeline\": {\"name\": \"x\"},\n \"tags\": []}";
  const auto result = parse_pipeline_declaration(text);
  INFO(describe_problems(result));
  auto it = std::find_if(result.problems.begin(), result.problems.end(), [](const Problem& p) {
    return p.message.find("tags") != std::string::npos;
  });
  REQUIRE(it != result.problems.end());
  CHECK(it->path == "pipeline");
  CHECK(it->message ==
        "unknown member \"tags\" next to \"pipeline\"; only \"metadata\" may accompany it");
  CHECK(it->line == 2);
}

TEST_CASE("valid JSON with tab indentation and surrogate pair escapes is read") {
  // Indent with tabs, which YAML does not allow but JSON does.
  std::string text;
  std::istringstream lines(fixture("get-pipeline-web-app.json"));
  for (std::string line; std::getline(lines, line);) {
    const auto indent = line.find_first_not_of(' ');
    text += std::string(indent == std::string::npos ? 0 : indent / 4, '\t') +
            line.substr(indent == std::string::npos ? line.size() : indent) + "\n";
  }
  const std::string before = "Release commit";
  const auto at = text.find(before);
  REQUIRE(at != std::string::npos);
  text.replace(at, before.size(), "Release \\ud83d\\ude80 commit");
  const auto result = parse_pipeline_declaration(text);
  INFO(describe_problems(result));
  REQUIRE(result.ok());
  CHECK_THAT(result.declaration.stages[2].actions[0].configuration.at("CustomData"),
             Catch::StartsWith("Release \xF0\x9F\x9A\x80 commit #{SourceVariables.CommitId}"));
}

TEST_CASE("a 1 MiB declaration parses valid") {
  // Its parse time is measured by bench/declarations, not asserted here.
  // 50 stages of 50 actions, every build action carrying a long configuration value.
  nlohmann::json stages = nlohmann::json::array();
  nlohmann::json source = {{"name", "Source"}, {"actions", nlohmann::json::array()}};
  source["actions"].push_back(
      {{"name", "src"},
       {"actionTypeId",
        {{"category", "Source"},
         {"owner", "AWS"},
         {"provider", "CodeStarSourceConnection"},
         {"version", "1"}}},
       {"configuration", {{"FullRepositoryId", "acme/big"}, {"BranchName", "main"}}},
       {"outputArtifacts", {{{"name", "SourceOut"}}}}});
  stages.push_back(source);
  const std::string padding(20, 'x');
  for (int s = 1; s < 50; ++s) {
    nlohmann::json actions = nlohmann::json::array();
    for (int a = 0; a < 50; ++a) {
      const std::string id = std::to_string(s) + "_" + std::to_string(a);
      actions.push_back(
          {{"name", "build" + id},
           {"actionTypeId",
            {{"category", "Build"}, {"owner", "AWS"}, {"provider", "CodeBuild"}, {"version", "1"}}},
           {"runOrder", 1 + a % 3},
           {"configuration",
            {{"ProjectName", "project-" + id},
             {"EnvironmentVariables", "[{\"name\":\"PAD\",\"value\":\"" + padding + "\"}]"}}},
           {"inputArtifacts", {{{"name", "SourceOut"}}}},
           {"outputArtifacts", {{{"name", "Out" + id}}}}});
    }
    stages.push_back({{"name", "Stage" + std::to_string(s)}, {"actions", actions}});
  }
  const nlohmann::json declaration = {
      {"name", "big"},
      {"roleArn", "arn:aws:iam::123456789012:role/big"},
      {"artifactStore", {{"type", "S3"}, {"location", "big-artifacts"}}},
      {"stages", stages}};
  const std::string text = declaration.dump(1);
  INFO("declaration size: " << text.size());
  REQUIRE(text.size() >= 1024 * 1024);
  REQUIRE(text.size() < 1300 * 1024);

  const auto result = parse_pipeline_declaration(text);
  INFO(describe_problems(result));
  CHECK(result.ok());
  CHECK(result.declaration.stages.size() == 50);
  CHECK(result.declaration.stages[49].actions.size() == 50);
}

TEST_CASE("YAML aliases that expand into an enormous walk are stopped") {
  // 1000 stages x 100 actions x 100 configuration entries = 10^7 nodes from a few kilobytes.
  std::string text = "defs:\n  c: &c {";
  for (int i = 0; i < 100; ++i) text += (i ? ", k" : "k") + std::to_string(i) + ": v";
  text +=
      "}\n  a: &a {name: a, actionTypeId: {category: Build, owner: AWS, provider: CodeBuild, "
      "version: \"1\"}, configuration: *c}\n  as: &as [";
  for (int i = 0; i < 100; ++i) text += i ? ", *a" : "*a";
  text += "]\n  s: &s {name: s, actions: *as}\nname: demo\nstages: [";
  for (int i = 0; i < 1000; ++i) text += i ? ", *s" : "*s";
  text += "]\n";
  const auto result = parse_pipeline_declaration(text);
  const Problem p = problem_at(result, "pipeline");
  CHECK_THAT(p.message, Catch::StartsWith("the declaration is too large to read"));
}

TEST_CASE("arbitrary bad input never throws") {
  for (const char* text : {"{", "}", "[", ":", "\t\tname: x", "name: [", "{\"a\": [1, 2}",
                           "\x01\x02\x03", "*undefined_alias", "!!binary xyz", "{}", "null", "42",
                           "name: demo\nstages: [null, 3, [], {}]",
                           "{\"stages\": [{\"actions\": [{\"actionTypeId\": {}}]}]}"}) {
    INFO(text);
    ParsedDeclaration result;
    CHECK_NOTHROW(result = parse_pipeline_declaration(text));
    CHECK_FALSE(result.ok());
  }
  std::string deep(200, '[');
  CHECK_FALSE(parse_pipeline_declaration("{\"a\": " + deep).ok());
}

}  // namespace
}  // namespace lockstep::engine

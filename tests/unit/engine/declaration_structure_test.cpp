// Structural rules of a declaration: stages, actions, names, runOrder, artifact store, blockers.
#include "declaration_test_helpers.hpp"

namespace lockstep::engine {
namespace {

using namespace test;

TEST_CASE("a pipeline with a single stage is refused") {
  const std::string text = pipeline(kSourceStage);
  const Problem p = problem_at(parse_pipeline_declaration(text), "pipeline.stages");
  CHECK(p.message == "a pipeline needs at least 2 stages, found 1");
  CHECK(p.exception == "InvalidStructureException");
  CHECK(p.line == line_of(text, "stages:"));
}

TEST_CASE("a pipeline with more than 50 stages is refused") {
  std::string stages = kSourceStage;
  for (int s = 1; s <= 50; ++s) {
    const std::string n = std::to_string(s);
    stages += stage("S" + n, build_action("b" + n, "SourceOut", ""));
  }
  const auto result = parse_pipeline_declaration(pipeline(stages));
  const Problem p = single_problem(result);
  CHECK(p.path == "pipeline.stages");
  CHECK(p.message == "a pipeline can have at most 50 stages, found 51");
  CHECK(p.exception == "InvalidStructureException");
}

TEST_CASE("two stages with the same name are refused at the second") {
  const std::string text =
      pipeline(kSourceStage + stage("Build", build_action("build", "SourceOut", "BuildOut")) +
               stage("Build", build_action("again", "BuildOut", "")));
  const Problem p = single_problem(parse_pipeline_declaration(text));
  CHECK(p.path == "pipeline.stages[2].name");
  CHECK(
      p.message ==
      "stage name \"Build\" is used more than once; stage names must be unique within a pipeline");
  CHECK(p.exception == "InvalidStageDeclarationException");
  CHECK(p.line == line_of(text, "  - name: Build\n    actions:\n      - name: again"));
}

TEST_CASE("the first stage may contain only Source actions") {
  const std::string text =
      pipeline(stage("Source", kSourceStage.substr(kSourceStage.find("      - name: src")) +
                                   manual_approval("gate")) +
               stage("Build", build_action("build", "SourceOut", "")));
  const Problem p = single_problem(parse_pipeline_declaration(text));
  CHECK(p.path == "pipeline.stages[0].actions[1].actionTypeId.category");
  CHECK(p.message ==
        "action \"gate\" in stage \"Source\" has category Approval; the first stage may only "
        "contain Source actions");
  CHECK(p.exception == "InvalidStructureException");
  CHECK(p.line == line_of(text, "category: Approval"));
}

TEST_CASE("a Source action outside the first stage is refused") {
  const std::string second_source = R"(      - name: src2
        actionTypeId: {category: Source, owner: AWS, provider: S3, version: "1"}
        configuration: {S3Bucket: b, S3ObjectKey: k.zip}
        outputArtifacts: [{name: S3Out}]
)";
  const std::string text = pipeline(
      kSourceStage + stage("Build", build_action("build", "SourceOut", "") + second_source));
  const Problem p = single_problem(parse_pipeline_declaration(text));
  CHECK(p.path == "pipeline.stages[1].actions[1].actionTypeId.category");
  CHECK(p.message ==
        "Source action \"src2\" in stage \"Build\" is not in the first stage; Source actions are "
        "only allowed in the first stage");
  CHECK(p.exception == "InvalidStructureException");
  CHECK(p.line == line_of(text, "provider: S3,"));
}

TEST_CASE("a pipeline of only Source actions is refused") {
  std::string source2 = kSourceStage;
  source2.replace(source2.find("name: Source"), 12, "name: Other");
  source2.replace(source2.find("name: src"), 9, "name: sr2");
  source2.replace(source2.find("SourceOut"), 9, "OtherOut");
  const std::string text = pipeline(kSourceStage + source2);
  const auto result = parse_pipeline_declaration(text);
  const Problem p = problem_at(result, "pipeline.stages");
  CHECK(p.message ==
        "the pipeline has only Source actions; at least one stage needs an action of another "
        "category");
  CHECK(p.exception == "InvalidStructureException");
  CHECK(problem_at(result, "pipeline.stages[1].actions[0].actionTypeId.category").exception ==
        "InvalidStructureException");
}

TEST_CASE("a stage without actions and a stage with 51 actions are refused") {
  std::string many;
  for (int a = 0; a < 51; ++a) many += manual_approval("gate" + std::to_string(a));
  const std::string text =
      pipeline(kSourceStage + "  - name: Empty\n    actions: []\n" + stage("Crowded", many));
  const auto result = parse_pipeline_declaration(text);
  INFO(describe_problems(result));
  REQUIRE(result.problems.size() == 2);
  CHECK(result.problems[0].path == "pipeline.stages[1].actions");
  CHECK(result.problems[0].message == "stage \"Empty\" must have 1 to 50 actions, found 0");
  CHECK(result.problems[0].exception == "InvalidStageDeclarationException");
  CHECK(result.problems[0].line == line_of(text, "actions: []"));
  CHECK(result.problems[1].path == "pipeline.stages[2].actions");
  CHECK(result.problems[1].message == "stage \"Crowded\" must have 1 to 50 actions, found 51");
}

TEST_CASE("two actions with the same name in one stage are refused but not across stages") {
  const std::string text = pipeline(kSourceStage +
                                    stage("Build", build_action("build", "SourceOut", "A") +
                                                       build_action("build", "SourceOut", "B")) +
                                    stage("Test", build_action("src", "A", "")));
  const Problem p = single_problem(parse_pipeline_declaration(text));
  CHECK(p.path == "pipeline.stages[1].actions[1].name");
  CHECK(p.message ==
        "action name \"build\" is used more than once in stage \"Build\"; action names must be "
        "unique within a stage");
  CHECK(p.exception == "InvalidActionDeclarationException");
  CHECK(p.line == line_of(text, "- name: build", 2));
}

TEST_CASE("runOrder defaults to 1 and must be between 1 and 999") {
  const auto ok = parse_pipeline_declaration(valid_pipeline());
  REQUIRE(ok.ok());
  CHECK(ok.declaration.stages[1].actions[0].runOrder == 1);

  const std::string text =
      pipeline(kSourceStage +
               stage("Build", build_action("build", "SourceOut", "", "        runOrder: 1000\n") +
                                  build_action("test", "SourceOut", "", "        runOrder: 0\n")));
  const auto result = parse_pipeline_declaration(text);
  INFO(describe_problems(result));
  REQUIRE(result.problems.size() == 2);
  CHECK(result.problems[0].path == "pipeline.stages[1].actions[0].runOrder");
  CHECK(result.problems[0].message == "runOrder must be between 1 and 999, got 1000");
  CHECK(result.problems[0].exception == "ValidationException");
  CHECK(result.problems[0].line == line_of(text, "runOrder: 1000"));
  CHECK(result.problems[1].message == "runOrder must be between 1 and 999, got 0");
  CHECK(result.problems[1].line == line_of(text, "runOrder: 0"));
}

TEST_CASE("exactly one of artifactStore and artifactStores must be given") {
  const std::string stages =
      kSourceStage + stage("Build", build_action("build", "SourceOut", "BuildOut"));
  const std::string neither = "name: demo\nstages:\n" + stages;
  const Problem missing = single_problem(parse_pipeline_declaration(neither));
  CHECK(missing.path == "pipeline.artifactStore");
  CHECK(missing.message ==
        "the pipeline needs an artifactStore (or artifactStores keyed by region)");
  CHECK(missing.exception == "InvalidStructureException");
  CHECK(missing.line == 1);

  const std::string both =
      pipeline(stages, "artifactStores:\n  eu-west-1: {type: S3, location: eu-bucket}\n");
  const Problem twice = single_problem(parse_pipeline_declaration(both));
  CHECK(twice.path == "pipeline.artifactStores");
  CHECK(twice.message ==
        "artifactStore and artifactStores cannot both be given; use artifactStore for a "
        "single-region pipeline or artifactStores keyed by region");
  CHECK(twice.exception == "InvalidStructureException");
  CHECK(twice.line == line_of(both, "artifactStores:"));
}

TEST_CASE("artifactStores is keyed by region and checks each store") {
  const std::string text =
      "name: demo\nartifactStores:\n  eu-west-1: {type: S3, location: eu-bucket}\n"
      "  us: {type: S3, location: us-bucket}\n  us-east-1: {type: GCS, location: x}\n"
      "stages:\n" +
      kSourceStage + stage("Build", build_action("build", "SourceOut", ""));
  const auto result = parse_pipeline_declaration(text);
  INFO(describe_problems(result));
  REQUIRE(result.problems.size() == 3);
  CHECK(result.problems[0].path == "pipeline.artifactStores.us");
  CHECK(result.problems[0].message ==
        "artifactStores region \"us\" must be 4 to 30 characters long, got 2");
  CHECK(result.problems[0].line == 4);
  CHECK(result.problems[1].path == "pipeline.artifactStores.us-east-1.type");
  CHECK(result.problems[1].message == "artifact store type \"GCS\" is not one of S3");
  CHECK(result.problems[1].line == 5);
  CHECK(result.problems[2].path == "pipeline.artifactStores.us-east-1.location");
  CHECK(result.problems[2].message ==
        "artifact store location must be 3 to 63 characters long, got 1");
  const auto good = parse_pipeline_declaration(
      "name: demo\nartifactStores:\n  eu-west-1: {type: S3, location: eu-bucket}\nstages:\n" +
      kSourceStage + stage("Build", build_action("build", "SourceOut", "")));
  INFO(describe_problems(good));
  REQUIRE(good.ok());
  CHECK(good.declaration.artifactStores.at("eu-west-1").location == "eu-bucket");
}

TEST_CASE("stage blockers are refused with InvalidBlockerDeclarationException") {
  const std::string text =
      pipeline(kSourceStage + stage("Build", build_action("build", "SourceOut", ""),
                                    "    blockers:\n      - {name: freeze, type: Schedule}\n"));
  const Problem p = single_problem(parse_pipeline_declaration(text));
  CHECK(p.path == "pipeline.stages[1].blockers");
  CHECK(p.message ==
        "stage \"Build\" declares blockers, which CodePipeline does not support; remove them");
  CHECK(p.exception == "InvalidBlockerDeclarationException");
  CHECK(p.line == line_of(text, "blockers:"));
}

TEST_CASE("names must match their patterns and lengths") {
  const std::string long_name(101, 'p');
  std::string text = pipeline(
      kSourceStage + stage("Build stage", build_action("build/1", "SourceOut", "Build.Out")));
  text.replace(0, std::string("name: demo").size(), "name: " + long_name);
  const auto result = parse_pipeline_declaration(text);
  INFO(describe_problems(result));
  REQUIRE(result.problems.size() == 4);
  CHECK(result.problems[0].path == "pipeline.name");
  CHECK(result.problems[0].message == "pipeline name must be 1 to 100 characters long, got 101");
  CHECK(result.problems[0].line == 1);
  CHECK(result.problems[1].path == "pipeline.stages[1].name");
  CHECK(result.problems[1].message ==
        "stage name \"Build stage\" must match the pattern [A-Za-z0-9.@\\-_]+");
  CHECK(result.problems[2].path == "pipeline.stages[1].actions[0].name");
  CHECK(result.problems[2].message ==
        "action name \"build/1\" must match the pattern [A-Za-z0-9.@\\-_]+");
  CHECK(result.problems[3].path == "pipeline.stages[1].actions[0].outputArtifacts[0].name");
  CHECK(result.problems[3].message ==
        "artifact name \"Build.Out\" must match the pattern [a-zA-Z0-9_\\-]+");
  CHECK(result.problems[3].line == line_of(text, "Build.Out"));
  for (const auto& p : result.problems) CHECK(p.exception == "ValidationException");
}

TEST_CASE("roleArn must be an IAM role ARN but may be left out") {
  const std::string stages = kSourceStage + stage("Build", build_action("build", "SourceOut", ""));
  CHECK(parse_pipeline_declaration("name: demo\nartifactStore: {type: S3, location: bucket}\n"
                                   "stages:\n" +
                                   stages)
            .ok());
  const std::string text =
      "name: demo\nroleArn: arn:aws:iam::1234:user/me\n"
      "artifactStore: {type: S3, location: bucket}\nstages:\n" +
      stages;
  const Problem p = single_problem(parse_pipeline_declaration(text));
  CHECK(p.path == "pipeline.roleArn");
  CHECK(p.message ==
        "roleArn \"arn:aws:iam::1234:user/me\" must be an IAM role ARN matching "
        "arn:aws(-[\\w]+)*:iam::[0-9]{12}:role/.*");
  CHECK(p.exception == "ValidationException");
  CHECK(p.line == 2);
}

TEST_CASE("configuration keys longer than 50 and values longer than 1000 characters are refused") {
  const std::string key(51, 'K');
  const std::string value(1001, 'v');
  const std::string text =
      pipeline(kSourceStage +
               stage("Deploy",
                     "      - name: hook\n        actionTypeId: {category: Invoke, owner: Custom, "
                     "provider: Webhook, version: \"1\"}\n        configuration:\n          Url: " +
                         value + "\n          " + key + ": x\n          Empty: \"\"\n"));
  const auto result = parse_pipeline_declaration(text);
  INFO(describe_problems(result));
  REQUIRE(result.problems.size() == 3);
  CHECK(result.problems[0].path == "pipeline.stages[1].actions[0].configuration.Url");
  CHECK(result.problems[0].message ==
        "configuration value of \"Url\" must be 1 to 1000 characters long, got 1001");
  CHECK(result.problems[0].line == line_of(text, "Url:"));
  CHECK(result.problems[1].path == "pipeline.stages[1].actions[0].configuration." + key);
  CHECK(result.problems[1].message ==
        "configuration key \"" + key + "\" must be 1 to 50 characters long, got 51");
  CHECK(result.problems[2].message == "configuration value of \"Empty\" must not be empty");
  for (const auto& p : result.problems) CHECK(p.exception == "ValidationException");
}

TEST_CASE("several problems in one document are all reported in document order") {
  const std::string text = pipeline(
      kSourceStage +
      stage("Build", build_action("build", "Missing", "SourceOut", "        runOrder: 1000\n")) +
      stage("Build", manual_approval("gate", "        timeoutInMinutes: 2\n")));
  const auto result = parse_pipeline_declaration(text);
  INFO(describe_problems(result));
  REQUIRE(result.problems.size() == 5);
  CHECK(result.problems[0].path == "pipeline.stages[1].actions[0].inputArtifacts[0].name");
  CHECK(result.problems[0].exception == "InvalidStructureException");
  CHECK(result.problems[1].path == "pipeline.stages[1].actions[0].outputArtifacts[0].name");
  CHECK(result.problems[1].exception == "InvalidStructureException");
  CHECK(result.problems[2].path == "pipeline.stages[1].actions[0].runOrder");
  CHECK(result.problems[2].exception == "ValidationException");
  CHECK(result.problems[3].path == "pipeline.stages[2].name");
  CHECK(result.problems[3].exception == "InvalidStageDeclarationException");
  CHECK(result.problems[4].path == "pipeline.stages[2].actions[0].timeoutInMinutes");
  CHECK(result.problems[4].message == "timeoutInMinutes must be between 5 and 86400, got 2");
  for (std::size_t i = 1; i < result.problems.size(); ++i) {
    CHECK(result.problems[i - 1].line <= result.problems[i].line);
  }
}

}  // namespace
}  // namespace lockstep::engine

// Artifact rules and action types: who produces what, when, and what each action type takes.
#include "declaration_test_helpers.hpp"

namespace lockstep::engine {
namespace {

using namespace test;

TEST_CASE("two actions producing the same output artifact name are refused") {
  const std::string text =
      pipeline(kSourceStage + stage("Build", build_action("build", "SourceOut", "BuildOut")) +
               stage("Test", build_action("test", "BuildOut", "BuildOut")));
  const Problem p = single_problem(parse_pipeline_declaration(text));
  CHECK(p.path == "pipeline.stages[2].actions[0].outputArtifacts[0].name");
  CHECK(p.message ==
        "output artifact name \"BuildOut\" is already produced by action \"build\" in stage "
        "\"Build\"; output artifact names must be unique in the pipeline");
  CHECK(p.exception == "InvalidStructureException");
  CHECK(p.line == line_of(text, "outputArtifacts: [{name: BuildOut}]", 2));
}

TEST_CASE("an input artifact that no action produces is refused") {
  const std::string text =
      pipeline(kSourceStage + stage("Build", build_action("build", "SourceOut", "BuildOut")) +
               stage("Prod",
                     "      - name: deploy\n        actionTypeId: {category: Deploy, owner: AWS, "
                     "provider: CodeDeploy, version: \"1\"}\n        configuration: "
                     "{ApplicationName: app, DeploymentGroupName: prod}\n        inputArtifacts: "
                     "[{name: BuildOutput}]\n"));
  const Problem p = single_problem(parse_pipeline_declaration(text));
  CHECK(p.path == "pipeline.stages[2].actions[0].inputArtifacts[0].name");
  CHECK(p.message ==
        "input artifact \"BuildOutput\" of action \"deploy\" in stage \"Prod\" is not produced "
        "by any action in the pipeline");
  CHECK(p.exception == "InvalidStructureException");
  CHECK(p.line == line_of(text, "BuildOutput"));
}

TEST_CASE("an output consumed in the same runOrder of the same stage is produced too late") {
  const std::string text =
      pipeline(kSourceStage + stage("Build", build_action("build", "SourceOut", "BuildOut") +
                                                 build_action("test", "BuildOut", "")));
  const Problem p = single_problem(parse_pipeline_declaration(text));
  CHECK(p.path == "pipeline.stages[1].actions[1].inputArtifacts[0].name");
  CHECK(p.message ==
        "input artifact \"BuildOut\" of action \"test\" in stage \"Build\" is produced by action "
        "\"build\" in stage \"Build\", which does not run before it (both run in runOrder 1)");
  CHECK(p.exception == "InvalidStructureException");
  CHECK(p.line == line_of(text, "inputArtifacts: [{name: BuildOut}]"));
}

TEST_CASE("an output of a later stage cannot be consumed by an earlier stage") {
  const std::string text =
      pipeline(kSourceStage + stage("Test", build_action("test", "BuildOut", "")) +
               stage("Build", build_action("build", "SourceOut", "BuildOut")));
  const Problem p = single_problem(parse_pipeline_declaration(text));
  CHECK(p.path == "pipeline.stages[1].actions[0].inputArtifacts[0].name");
  CHECK(p.message ==
        "input artifact \"BuildOut\" of action \"test\" in stage \"Test\" is produced by action "
        "\"build\" in stage \"Build\", which does not run before it (a later stage)");
  CHECK(p.line == line_of(text, "inputArtifacts: [{name: BuildOut}]"));
}

TEST_CASE("an output with a larger runOrder is produced too late and a smaller one is fine") {
  const std::string late = pipeline(
      kSourceStage +
      stage("Build", build_action("test", "BuildOut", "", "        runOrder: 2\n") +
                         build_action("build", "SourceOut", "BuildOut", "        runOrder: 3\n")));
  const Problem p = single_problem(parse_pipeline_declaration(late));
  CHECK(p.message ==
        "input artifact \"BuildOut\" of action \"test\" in stage \"Build\" is produced by action "
        "\"build\" in stage \"Build\", which does not run before it (its runOrder 3 is not "
        "smaller than 2)");
  const std::string in_order =
      pipeline(kSourceStage +
               stage("Build", build_action("build", "SourceOut", "BuildOut") +
                                  build_action("test", "BuildOut", "", "        runOrder: 2\n")));
  const auto result = parse_pipeline_declaration(in_order);
  INFO(describe_problems(result));
  CHECK(result.ok());
}

TEST_CASE("a Source action with input artifacts is refused") {
  std::string source = kSourceStage;
  source += "        inputArtifacts: [{name: SourceOut}]\n";
  const std::string text =
      pipeline(source + stage("Build", build_action("build", "SourceOut", "")));
  const Problem p = single_problem(parse_pipeline_declaration(text));
  CHECK(p.path == "pipeline.stages[0].actions[0].inputArtifacts");
  CHECK(p.message == "Source action \"src\" in stage \"Source\" cannot have input artifacts");
  CHECK(p.exception == "InvalidStructureException");
  CHECK(p.line == line_of(text, "inputArtifacts: [{name: SourceOut}]\n  - name"));
}

TEST_CASE("a Source action must produce exactly one output artifact") {
  std::string source = kSourceStage;
  source.replace(source.find("[{name: SourceOut}]"), 19, "[{name: SourceOut}, {name: Extra}]");
  const std::string text =
      pipeline(source + stage("Build", build_action("build", "SourceOut", "")));
  const Problem p = single_problem(parse_pipeline_declaration(text));
  CHECK(p.path == "pipeline.stages[0].actions[0].outputArtifacts");
  CHECK(p.message ==
        "AWS/CodeStarSourceConnection action \"src\" in stage \"Source\" takes exactly 1 output "
        "artifact, found 2");
  CHECK(p.exception == "InvalidActionDeclarationException");
  CHECK(p.line == line_of(text, "{name: Extra}"));
}

TEST_CASE("an unknown action type names its category owner provider and version") {
  const std::string text = pipeline(
      kSourceStage +
      stage("Build",
            "      - name: build\n        actionTypeId: {category: Build, owner: AWS, "
            "provider: CodeBuld, version: \"1\"}\n        inputArtifacts: [{name: SourceOut}]\n"));
  const Problem p = single_problem(parse_pipeline_declaration(text));
  CHECK(p.path == "pipeline.stages[1].actions[0].actionTypeId");
  CHECK(p.message ==
        "action \"build\" in stage \"Build\" has an unknown action type: category Build, owner "
        "AWS, provider CodeBuld, version 1");
  CHECK(p.exception == "InvalidActionDeclarationException");
  CHECK(p.line == line_of(text, "provider: CodeBuld"));
}

TEST_CASE("an action type enum outside the API values is a validation problem") {
  const std::string text = pipeline(
      kSourceStage +
      stage("Build",
            "      - name: build\n        actionTypeId: {category: Compile, owner: AWS, "
            "provider: CodeBuild, version: \"1\"}\n        inputArtifacts: [{name: SourceOut}]\n"));
  const Problem p = single_problem(parse_pipeline_declaration(text));
  CHECK(p.path == "pipeline.stages[1].actions[0].actionTypeId.category");
  CHECK(
      p.message ==
      "category \"Compile\" is not one of Source, Build, Deploy, Test, Invoke, Approval, Compute");
  CHECK(p.exception == "ValidationException");
  CHECK(p.line == line_of(text, "category: Compile"));
}

TEST_CASE("required configuration keys are checked and unknown keys refused") {
  const std::string text =
      pipeline(kSourceStage +
               stage("Build",
                     "      - name: build\n        actionTypeId: {category: Build, owner: AWS, "
                     "provider: CodeBuild, version: \"1\"}\n        configuration:\n"
                     "          Project: demo\n        inputArtifacts: [{name: SourceOut}]\n"));
  const auto result = parse_pipeline_declaration(text);
  INFO(describe_problems(result));
  REQUIRE(result.problems.size() == 2);
  const Problem missing =
      problem_at(result, "pipeline.stages[1].actions[0].configuration.ProjectName");
  CHECK(missing.message ==
        "AWS/CodeBuild action \"build\" in stage \"Build\" is missing the required configuration "
        "key \"ProjectName\"");
  CHECK(missing.exception == "InvalidActionDeclarationException");
  CHECK(missing.line == line_of(text, "configuration:\n          Project"));
  const Problem unknown = problem_at(result, "pipeline.stages[1].actions[0].configuration.Project");
  CHECK(unknown.message ==
        "configuration key \"Project\" is not used by AWS/CodeBuild actions (action \"build\" in "
        "stage \"Build\"); known keys: ProjectName, PrimarySource, BatchEnabled, "
        "CombineArtifacts, EnvironmentVariables, BuildSpec, BuildspecOverride");
  CHECK(unknown.exception == "InvalidActionDeclarationException");
  CHECK(unknown.line == line_of(text, "Project: demo"));
}

TEST_CASE("a CodeStarSourceConnection source needs no ConnectionArn on a self-hosted server") {
  const auto result = parse_pipeline_declaration(valid_pipeline());
  INFO(describe_problems(result));
  REQUIRE(result.ok());
  CHECK_FALSE(result.declaration.stages[0].actions[0].configuration.contains("ConnectionArn"));
}

TEST_CASE("a CodeBuild action with several inputs must name its PrimarySource") {
  const std::string two_sources = kSourceStage + R"(      - name: lib
        actionTypeId: {category: Source, owner: AWS, provider: CodeCommit, version: "1"}
        configuration: {RepositoryName: lib, BranchName: main}
        outputArtifacts: [{name: LibOut}]
)";
  const std::string inputs = "        inputArtifacts: [{name: SourceOut}, {name: LibOut}]\n";
  const std::string text =
      pipeline(two_sources + stage("Build", build_action("build", "", "", inputs)));
  const Problem p = single_problem(parse_pipeline_declaration(text));
  CHECK(p.path == "pipeline.stages[1].actions[0].configuration.PrimarySource");
  CHECK(p.message ==
        "CodeBuild action \"build\" in stage \"Build\" has 2 input artifacts, so configuration "
        "key \"PrimarySource\" must name the one to build from");
  CHECK(p.exception == "InvalidActionDeclarationException");
  CHECK(p.line == line_of(text, "configuration: {ProjectName: demo}"));

  std::string named = text;
  named.replace(named.find("{ProjectName: demo}"), 19, "{ProjectName: demo, PrimarySource: Lib}");
  const Problem wrong = single_problem(parse_pipeline_declaration(named));
  CHECK(wrong.message ==
        "PrimarySource \"Lib\" of action \"build\" in stage \"Build\" is not one of its input "
        "artifacts");
  named.replace(named.find("PrimarySource: Lib}"), 19, "PrimarySource: LibOut}");
  CHECK(parse_pipeline_declaration(named).ok());
}

TEST_CASE("deploy and approval actions take their fixed artifact counts") {
  const std::string deploy =
      "      - name: deploy\n        actionTypeId: {category: Deploy, owner: "
      "AWS, provider: S3, version: \"1\"}\n        configuration: "
      "{BucketName: site, Extract: \"true\"}\n";
  const std::string text = pipeline(
      kSourceStage + stage("Build", build_action("build", "SourceOut", "BuildOut")) +
      stage("Prod",
            deploy + manual_approval("gate", "        inputArtifacts: [{name: BuildOut}]\n"), ""));
  const auto result = parse_pipeline_declaration(text);
  INFO(describe_problems(result));
  REQUIRE(result.problems.size() == 2);
  CHECK(result.problems[0].path == "pipeline.stages[2].actions[0].inputArtifacts");
  CHECK(result.problems[0].message ==
        "AWS/S3 action \"deploy\" in stage \"Prod\" takes exactly 1 input artifact, found 0");
  CHECK(result.problems[0].line == line_of(text, "- name: deploy"));
  CHECK(result.problems[1].path == "pipeline.stages[2].actions[1].inputArtifacts");
  CHECK(result.problems[1].message ==
        "AWS/Manual action \"gate\" in stage \"Prod\" takes no input artifacts, found 1");
  CHECK(result.problems[1].exception == "InvalidActionDeclarationException");
}

TEST_CASE("timeoutInMinutes is accepted only on Approval actions") {
  const std::string text = pipeline(
      kSourceStage +
      stage("Build", build_action("build", "SourceOut", "", "        timeoutInMinutes: 60\n") +
                         manual_approval("gate", "        timeoutInMinutes: 86400\n")));
  const auto result = parse_pipeline_declaration(text);
  const Problem p = single_problem(result);
  CHECK(p.path == "pipeline.stages[1].actions[0].timeoutInMinutes");
  CHECK(p.message ==
        "timeoutInMinutes is accepted only on Approval actions; action \"build\" in stage "
        "\"Build\" is a Build action");
  CHECK(p.exception == "InvalidActionDeclarationException");
  CHECK(p.line == line_of(text, "timeoutInMinutes: 60"));
}

TEST_CASE("a Commands action needs commands and output files and is V2 only") {
  const std::string commands = R"(      - name: lint
        actionTypeId: {category: Compute, owner: AWS, provider: Commands, version: "1"}
        inputArtifacts: [{name: SourceOut}]
        outputArtifacts: [{name: LintOut}]
)";
  const std::string text = pipeline(kSourceStage + stage("Check", commands), "pipelineType: V1\n");
  const auto result = parse_pipeline_declaration(text);
  INFO(describe_problems(result));
  REQUIRE(result.problems.size() == 3);
  const Problem v1 = problem_at(result, "pipeline.stages[1].actions[0].actionTypeId");
  CHECK(v1.message ==
        "Compute action \"lint\" in stage \"Check\" requires pipelineType V2, but the pipeline "
        "declares V1");
  CHECK(v1.exception == "InvalidStructureException");
  CHECK(v1.line == line_of(text, "category: Compute"));
  const Problem cmds = problem_at(result, "pipeline.stages[1].actions[0].commands");
  CHECK(cmds.message ==
        "Commands action \"lint\" in stage \"Check\" needs a commands list of 1 to 50 commands");
  CHECK(cmds.exception == "InvalidActionDeclarationException");
  CHECK(cmds.line == line_of(text, "- name: lint"));
  const Problem files =
      problem_at(result, "pipeline.stages[1].actions[0].outputArtifacts[0].files");
  CHECK(files.message ==
        "output artifact \"LintOut\" of Commands action \"lint\" in stage \"Check\" needs files: "
        "1 to 10 glob patterns");

  std::string fixed = commands;
  fixed.replace(fixed.find("[{name: LintOut}]"), 17,
                "[{name: LintOut, files: [\"reports/**\"]}]\n        commands: [make lint]");
  const auto good = parse_pipeline_declaration(pipeline(kSourceStage + stage("Check", fixed)));
  INFO(describe_problems(good));
  REQUIRE(good.ok());
  CHECK(good.declaration.pipelineType == PipelineType::V2);
  CHECK(good.declaration.stages[1].actions[0].commands == std::vector<std::string>{"make lint"});
}

TEST_CASE("commands and environmentVariables are refused on actions other than Commands") {
  const std::string text = pipeline(
      kSourceStage +
      stage("Build", build_action("build", "SourceOut", "",
                                  "        commands: [make]\n        environmentVariables: "
                                  "[{name: A, value: b}]\n")));
  const auto result = parse_pipeline_declaration(text);
  INFO(describe_problems(result));
  REQUIRE(result.problems.size() == 2);
  CHECK(result.problems[0].path == "pipeline.stages[1].actions[0].commands");
  CHECK(result.problems[0].message ==
        "commands are accepted only on Compute/Commands actions; action \"build\" in stage "
        "\"Build\" is AWS/CodeBuild");
  CHECK(result.problems[0].exception == "InvalidActionDeclarationException");
  CHECK(result.problems[0].line == line_of(text, "commands: [make]"));
  CHECK(result.problems[1].path == "pipeline.stages[1].actions[0].environmentVariables");
}

}  // namespace
}  // namespace lockstep::engine

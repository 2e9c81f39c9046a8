// Namespaces, `#{ns.key}` references and pipeline-level variables in declarations.
#include "declaration_test_helpers.hpp"
#include "engine/variable_reference.hpp"

namespace lockstep::engine {
namespace {

using namespace test;

// A CodeBuild action with a namespace and an extra configuration value.
std::string ns_action(const std::string& name, const std::string& ns, const std::string& input,
                      const std::string& output, const std::string& value = "demo",
                      const std::string& extra = "") {
  std::string out = "      - name: " + name +
                    "\n        actionTypeId: {category: Build, owner: AWS, provider: CodeBuild, "
                    "version: \"1\"}\n        configuration: {ProjectName: \"" +
                    value + "\"}\n";
  if (!ns.empty()) out += "        namespace: " + ns + "\n";
  if (!input.empty()) out += "        inputArtifacts: [{name: " + input + "}]\n";
  if (!output.empty()) out += "        outputArtifacts: [{name: " + output + "}]\n";
  return out + extra;
}

TEST_CASE("variable references are found with their namespace key and position") {
  const std::string text = "a #{SourceVariables.CommitId} b #{codepipeline.PipelineExecutionId}";
  const auto refs = find_variable_references(text);
  REQUIRE(refs.size() == 2);
  CHECK(refs[0].ns == "SourceVariables");
  CHECK(refs[0].key == "CommitId");
  CHECK(refs[0].offset == 2);
  CHECK(refs[0].length == std::string("#{SourceVariables.CommitId}").size());
  CHECK(text.substr(refs[1].offset, refs[1].length) == "#{codepipeline.PipelineExecutionId}");
}

TEST_CASE("text that is not a well formed reference is not a reference") {
  for (const char* text : {"#{}", "#{ns}", "#{ns.}", "#{.key}", "#{ns.key", "#{ns key}", "{ns.key}",
                           "#{a.b.c}", "#{ns.ke y}", "#", "#{"}) {
    INFO(text);
    CHECK(find_variable_references(text).empty());
  }
  const auto refs = find_variable_references("#{#{ns.key}}");
  REQUIRE(refs.size() == 1);
  CHECK(refs[0].offset == 2);
}

TEST_CASE("a namespace used by two actions is refused naming the stage action and namespace") {
  const std::string text = pipeline(
      kSourceStage + stage("Build", ns_action("build", "BuildVariables", "SourceOut", "")) +
      stage("Test", ns_action("test", "BuildVariables", "SourceOut", "")));
  const Problem p = single_problem(parse_pipeline_declaration(text));
  CHECK(p.path == "pipeline.stages[2].actions[0].namespace");
  CHECK(p.message ==
        "namespace \"BuildVariables\" of action \"test\" in stage \"Test\" is already used by "
        "action \"build\" in stage \"Build\"; namespaces must be unique in the pipeline");
  CHECK(p.exception == "InvalidActionDeclarationException");
  CHECK(p.line == line_of(text, "namespace: BuildVariables", 2));
}

TEST_CASE("a namespace equal to an artifact name is refused") {
  const std::string text =
      pipeline(kSourceStage + stage("Build", ns_action("build", "SourceOut", "SourceOut", "")));
  const Problem p = single_problem(parse_pipeline_declaration(text));
  CHECK(p.path == "pipeline.stages[1].actions[0].namespace");
  CHECK(p.message ==
        "namespace \"SourceOut\" of action \"build\" in stage \"Build\" is also the name of an "
        "artifact; namespaces must differ from artifact names");
  CHECK(p.exception == "InvalidActionDeclarationException");
  CHECK(p.line == line_of(text, "namespace: SourceOut"));
}

TEST_CASE(
    "the codepipeline namespace is reserved and variables only when pipeline variables exist") {
  const std::string reserved =
      pipeline(kSourceStage + stage("Build", ns_action("build", "codepipeline", "SourceOut", "")));
  const Problem p = single_problem(parse_pipeline_declaration(reserved));
  CHECK(p.path == "pipeline.stages[1].actions[0].namespace");
  CHECK(p.message ==
        "namespace \"codepipeline\" of action \"build\" in stage \"Build\" is reserved for the "
        "pipeline's execution variables");
  CHECK(p.exception == "InvalidActionDeclarationException");

  const std::string stages =
      kSourceStage + stage("Build", ns_action("build", "variables", "SourceOut", ""));
  CHECK(parse_pipeline_declaration(pipeline(stages)).ok());
  const std::string declared =
      pipeline(stages, "variables:\n  - name: env\n    defaultValue: dev\n");
  const Problem taken = single_problem(parse_pipeline_declaration(declared));
  CHECK(taken.message ==
        "namespace \"variables\" of action \"build\" in stage \"Build\" is reserved for the "
        "pipeline variables this pipeline declares");
  CHECK(taken.line == line_of(declared, "namespace: variables"));
}

TEST_CASE("a reference to the namespace of an action that does not run earlier is refused") {
  const std::string text =
      pipeline(kSourceStage + stage("Build", ns_action("build", "BuildVariables", "SourceOut", "") +
                                                 ns_action("test", "", "SourceOut", "",
                                                           "#{BuildVariables.Image}")));
  const Problem p = single_problem(parse_pipeline_declaration(text));
  CHECK(p.path == "pipeline.stages[1].actions[1].configuration.ProjectName");
  CHECK(p.message ==
        "#{BuildVariables.Image} in action \"test\" in stage \"Build\" uses namespace "
        "\"BuildVariables\" of action \"build\" in stage \"Build\", which does not run before it");
  CHECK(p.exception == "InvalidActionDeclarationException");
  CHECK(p.line == line_of(text, "#{BuildVariables.Image}"));

  const std::string later =
      pipeline(kSourceStage +
               stage("Build", ns_action("build", "BuildVariables", "SourceOut", "") +
                                  ns_action("test", "", "SourceOut", "", "#{BuildVariables.Image}",
                                            "        runOrder: 2\n")));
  CHECK(parse_pipeline_declaration(later).ok());
}

TEST_CASE("a reference to a namespace no action declares is refused") {
  const std::string text = pipeline(
      kSourceStage + stage("Build", ns_action("build", "", "SourceOut", "", "#{Src.CommitId}")));
  const Problem p = single_problem(parse_pipeline_declaration(text));
  CHECK(p.path == "pipeline.stages[1].actions[0].configuration.ProjectName");
  CHECK(p.message ==
        "#{Src.CommitId} in action \"build\" in stage \"Build\" uses namespace \"Src\", which no "
        "action declares");
  CHECK(p.exception == "InvalidActionDeclarationException");
}

TEST_CASE("the codepipeline namespace provides only PipelineExecutionId") {
  const std::string ok =
      pipeline(kSourceStage + stage("Build", ns_action("build", "", "SourceOut", "",
                                                       "run-#{codepipeline.PipelineExecutionId}")));
  CHECK(parse_pipeline_declaration(ok).ok());
  const std::string text =
      pipeline(kSourceStage + stage("Build", ns_action("build", "", "SourceOut", "",
                                                       "#{codepipeline.PipelineName}")));
  const Problem p = single_problem(parse_pipeline_declaration(text));
  CHECK(p.message ==
        "#{codepipeline.PipelineName} in action \"build\" in stage \"Build\" uses key "
        "\"PipelineName\", but the codepipeline namespace only provides PipelineExecutionId");
  CHECK(p.exception == "InvalidActionDeclarationException");
}

TEST_CASE("pipeline variable references must name a declared variable") {
  const std::string stages =
      kSourceStage + stage("Build", ns_action("build", "", "SourceOut", "", "#{variables.envv}"));
  const Problem none = single_problem(parse_pipeline_declaration(pipeline(stages)));
  CHECK(none.message ==
        "#{variables.envv} in action \"build\" in stage \"Build\" uses a pipeline variable, but "
        "the pipeline declares no variables");
  const std::string text = pipeline(stages, "variables:\n  - name: env\n");
  const Problem p = single_problem(parse_pipeline_declaration(text));
  CHECK(p.path == "pipeline.stages[1].actions[0].configuration.ProjectName");
  CHECK(p.message ==
        "#{variables.envv} in action \"build\" in stage \"Build\" uses pipeline variable "
        "\"envv\", which is not declared");
  CHECK(p.exception == "InvalidActionDeclarationException");
  CHECK(p.line == line_of(text, "#{variables.envv}"));
}

TEST_CASE("pipeline variables cannot be used in source action configuration") {
  std::string source = kSourceStage;
  source.replace(source.find("BranchName: main"), 16, "BranchName: \"#{variables.branch}\"");
  const std::string text = pipeline(source + stage("Build", build_action("build", "SourceOut", "")),
                                    "variables:\n  - name: branch\n    defaultValue: main\n");
  const Problem p = single_problem(parse_pipeline_declaration(text));
  CHECK(p.path == "pipeline.stages[0].actions[0].configuration.BranchName");
  CHECK(p.message ==
        "#{variables.branch} in action \"src\" in stage \"Source\" uses a pipeline variable; "
        "pipeline variables cannot be used in the configuration of Source actions");
  CHECK(p.exception == "InvalidActionDeclarationException");
  CHECK(p.line == line_of(text, "#{variables.branch}"));
}

TEST_CASE("references in commands and environment variable values are checked too") {
  const std::string commands = R"(      - name: lint
        actionTypeId: {category: Compute, owner: AWS, provider: Commands, version: "1"}
        inputArtifacts: [{name: SourceOut}]
        commands:
          - "echo #{codepipeline.PipelineExecutionId}"
          - "echo #{Nope.x}"
        environmentVariables:
          - {name: SHA, value: "#{Missing.CommitId}"}
)";
  const std::string text = pipeline(kSourceStage + stage("Check", commands));
  const auto result = parse_pipeline_declaration(text);
  INFO(describe_problems(result));
  REQUIRE(result.problems.size() == 2);
  CHECK(result.problems[0].path == "pipeline.stages[1].actions[0].commands[1]");
  CHECK(result.problems[0].message ==
        "#{Nope.x} in action \"lint\" in stage \"Check\" uses namespace \"Nope\", which no action "
        "declares");
  CHECK(result.problems[0].line == line_of(text, "echo #{Nope.x}"));
  CHECK(result.problems[1].path == "pipeline.stages[1].actions[0].environmentVariables[0].value");
  CHECK(result.problems[1].line == line_of(text, "#{Missing.CommitId}"));
}

TEST_CASE("pipeline variables are limited in number name and value lengths and must be unique") {
  std::string vars = "variables:\n";
  for (int i = 0; i < 51; ++i) vars += "  - name: v" + std::to_string(i) + "\n";
  const Problem many =
      problem_at(parse_pipeline_declaration(valid_pipeline(vars)), "pipeline.variables");
  CHECK(many.message == "variables must have at most 50 items, found 51");
  CHECK(many.exception == "ValidationException");

  const std::string text = valid_pipeline(
      "variables:\n  - name: env\n  - name: env\n  - name: bad name\n  - name: long\n    "
      "defaultValue: " +
      std::string(1001, 'x') + "\n  - name: described\n    description: " + std::string(201, 'd') +
      "\n  - name: blank\n    defaultValue: \"\"\n");
  const auto result = parse_pipeline_declaration(text);
  INFO(describe_problems(result));
  REQUIRE(result.problems.size() == 5);
  CHECK(result.problems[0].path == "pipeline.variables[1].name");
  CHECK(result.problems[0].message ==
        "pipeline variable \"env\" is declared more than once; variable names must be unique");
  CHECK(result.problems[0].exception == "InvalidStructureException");
  CHECK(result.problems[0].line == line_of(text, "- name: env", 2));
  CHECK(result.problems[1].path == "pipeline.variables[2].name");
  CHECK(result.problems[1].message ==
        "variable name \"bad name\" must match the pattern [A-Za-z0-9@\\-_]+");
  CHECK(result.problems[2].path == "pipeline.variables[3].defaultValue");
  CHECK(result.problems[2].message ==
        "variable defaultValue must be 1 to 1000 characters long, got 1001");
  CHECK(result.problems[3].path == "pipeline.variables[4].description");
  CHECK(result.problems[3].message ==
        "variable description must be at most 200 characters long, got 201");
  CHECK(result.problems[4].path == "pipeline.variables[5].defaultValue");
  CHECK(result.problems[4].message == "variable defaultValue must not be empty");
}

}  // namespace
}  // namespace lockstep::engine

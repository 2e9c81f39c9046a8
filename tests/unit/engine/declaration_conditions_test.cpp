// Stage conditions and pipeline type: allowed results, RETRY, rule types, ROLLBACK limits, V2.
#include "declaration_test_helpers.hpp"

namespace lockstep::engine {
namespace {

using namespace test;

const std::string kVariableRule =
    "{name: check, ruleTypeId: {category: Rule, provider: VariableCheck}, configuration: "
    "{Variable: \"#{variables.env}\", Value: prod, Operator: EQ}}";
const std::string kWindowRule =
    "{name: window, ruleTypeId: {category: Rule, owner: AWS, provider: DeploymentWindow, "
    "version: \"1\"}, configuration: {Cron: \"0 0 9-17 ? * MON-FRI *\"}}";

// Source → Build → Prod, with `conditions` YAML added to the Prod stage.
std::string with_conditions(const std::string& conditions, const std::string& top = "") {
  return pipeline(kSourceStage + stage("Build", build_action("build", "SourceOut", "BuildOut")) +
                      stage("Prod", manual_approval("gate"), conditions),
                  "variables:\n  - name: env\n    defaultValue: prod\n" + top);
}

TEST_CASE("V2 features make a pipeline without pipelineType a V2 pipeline") {
  CHECK(parse_pipeline_declaration(valid_pipeline()).declaration.pipelineType == PipelineType::V1);
  for (const std::string top :
       {"executionMode: QUEUED\n", "executionMode: PARALLEL\n", "variables: [{name: env}]\n"}) {
    INFO(top);
    const auto result = parse_pipeline_declaration(valid_pipeline(top));
    INFO(describe_problems(result));
    REQUIRE(result.ok());
    CHECK(result.declaration.pipelineType == PipelineType::V2);
  }
  const auto conditions = parse_pipeline_declaration(with_conditions(
      "    beforeEntry:\n      conditions: [{result: FAIL, rules: [" + kWindowRule + "]}]\n"));
  INFO(describe_problems(conditions));
  REQUIRE(conditions.ok());
  CHECK(conditions.declaration.pipelineType == PipelineType::V2);
}

TEST_CASE("V2 features on an explicit V1 pipeline are refused one by one") {
  const std::string text = with_conditions(
      "    onSuccess:\n      conditions: [{result: FAIL, rules: [" + kWindowRule + "]}]\n",
      "pipelineType: V1\nexecutionMode: QUEUED\ntriggers:\n  - providerType: "
      "CodeStarSourceConnection\n    gitConfiguration: {sourceActionName: src, push: "
      "[{branches: {includes: [main]}}]}\n");
  const auto result = parse_pipeline_declaration(text);
  INFO(describe_problems(result));
  REQUIRE(result.problems.size() == 4);
  const Problem mode = problem_at(result, "pipeline.executionMode");
  CHECK(mode.message ==
        "executionMode QUEUED requires pipelineType V2, but the pipeline declares V1");
  CHECK(mode.exception == "InvalidStructureException");
  CHECK(mode.line == line_of(text, "executionMode: QUEUED"));
  CHECK(problem_at(result, "pipeline.variables").message ==
        "pipeline variables require pipelineType V2, but the pipeline declares V1");
  CHECK(problem_at(result, "pipeline.triggers").message ==
        "triggers require pipelineType V2, but the pipeline declares V1");
  const Problem stage_conditions = problem_at(result, "pipeline.stages[2].onSuccess");
  CHECK(stage_conditions.message ==
        "onSuccess conditions of stage \"Prod\" require pipelineType V2, but the pipeline "
        "declares V1");
  CHECK(stage_conditions.line == line_of(text, "onSuccess:"));
  for (const auto& p : result.problems) CHECK(p.exception == "InvalidStructureException");
}

TEST_CASE("each condition type accepts only its own results") {
  const std::string text = with_conditions(
      "    beforeEntry:\n      conditions: [{result: ROLLBACK, rules: [" + kWindowRule +
      "]}]\n    onSuccess:\n      conditions: [{result: SKIP, rules: [" + kVariableRule +
      "]}]\n    onFailure:\n      result: FAIL\n");
  const auto result = parse_pipeline_declaration(text);
  INFO(describe_problems(result));
  REQUIRE(result.problems.size() == 3);
  CHECK(result.problems[0].path == "pipeline.stages[2].beforeEntry.conditions[0].result");
  CHECK(result.problems[0].message ==
        "beforeEntry condition of stage \"Prod\" must have result FAIL or SKIP, got ROLLBACK");
  CHECK(result.problems[0].exception == "InvalidStageDeclarationException");
  CHECK(result.problems[0].line == line_of(text, "result: ROLLBACK"));
  CHECK(result.problems[1].path == "pipeline.stages[2].onSuccess.conditions[0].result");
  CHECK(result.problems[1].message ==
        "onSuccess condition of stage \"Prod\" must have result ROLLBACK or FAIL, got SKIP");
  CHECK(result.problems[2].path == "pipeline.stages[2].onFailure.result");
  CHECK(result.problems[2].message ==
        "onFailure of stage \"Prod\" must have result ROLLBACK or RETRY, got FAIL");
  CHECK(result.problems[2].line == line_of(text, "result: FAIL"));
}

TEST_CASE("a condition without a result or without rules is refused") {
  const std::string text =
      with_conditions("    beforeEntry:\n      conditions: [{rules: [" + kWindowRule +
                      "]}]\n    onSuccess:\n      conditions: [{result: FAIL}]\n");
  const auto result = parse_pipeline_declaration(text);
  INFO(describe_problems(result));
  REQUIRE(result.problems.size() == 2);
  CHECK(result.problems[0].path == "pipeline.stages[2].beforeEntry.conditions[0].result");
  CHECK(result.problems[0].message ==
        "beforeEntry condition of stage \"Prod\" needs a result: FAIL or SKIP");
  CHECK(result.problems[1].path == "pipeline.stages[2].onSuccess.conditions[0].rules");
  CHECK(result.problems[1].message ==
        "onSuccess condition of stage \"Prod\" has no rules; a condition needs 1 to 5 rules");
  CHECK(result.problems[1].exception == "InvalidStageDeclarationException");
  CHECK(result.problems[1].line == line_of(text, "[{result: FAIL}]"));
}

TEST_CASE("at most one condition per condition type and five rules per condition") {
  std::string six;
  for (int i = 0; i < 6; ++i) six += std::string(i ? ", " : "") + kWindowRule;
  const std::string text =
      with_conditions("    beforeEntry:\n      conditions:\n        - {result: FAIL, rules: [" +
                      six + "]}\n        - {result: SKIP, rules: [" + kVariableRule + "]}\n");
  const auto result = parse_pipeline_declaration(text);
  INFO(describe_problems(result));
  const Problem two = problem_at(result, "pipeline.stages[2].beforeEntry.conditions");
  CHECK(two.message == "conditions must have 1 item, found 2");
  CHECK(two.exception == "ValidationException");
  CHECK(two.line == line_of(text, "conditions:\n        - {result"));
  const Problem rules = problem_at(result, "pipeline.stages[2].beforeEntry.conditions[0].rules");
  CHECK(rules.message == "rules must have 1 to 5 items, found 6");
}

TEST_CASE("automatic retry needs a retry mode and cannot have conditions") {
  const std::string ok = with_conditions(
      "    onFailure:\n      result: RETRY\n      retryConfiguration: {retryMode: "
      "FAILED_ACTIONS}\n");
  const auto good = parse_pipeline_declaration(ok);
  INFO(describe_problems(good));
  REQUIRE(good.ok());
  CHECK(good.declaration.stages[2].onFailure->retryMode == StageRetryMode::FailedActions);

  const std::string text = with_conditions(
      "    onFailure:\n      result: RETRY\n      conditions: [{result: ROLLBACK, rules: [" +
      kWindowRule + "]}]\n");
  const auto result = parse_pipeline_declaration(text);
  INFO(describe_problems(result));
  REQUIRE(result.problems.size() == 2);
  const Problem mode = problem_at(result, "pipeline.stages[2].onFailure.retryConfiguration");
  CHECK(mode.message ==
        "onFailure of stage \"Prod\" has result RETRY and needs retryConfiguration.retryMode: "
        "FAILED_ACTIONS or ALL_ACTIONS");
  CHECK(mode.exception == "InvalidStageDeclarationException");
  CHECK(mode.line == line_of(text, "onFailure:"));
  const Problem conditions = problem_at(result, "pipeline.stages[2].onFailure.conditions");
  CHECK(conditions.message ==
        "onFailure of stage \"Prod\" cannot combine result RETRY with conditions; automatic "
        "retry is unconditional");
  CHECK(conditions.exception == "InvalidStructureException");
  CHECK(conditions.line == line_of(text, "conditions: [{result: ROLLBACK"));
}

TEST_CASE("SKIP works only with VariableCheck and LambdaInvoke rules") {
  const std::string ok = with_conditions(
      "    beforeEntry:\n      conditions: [{result: SKIP, rules: [" + kVariableRule + "]}]\n");
  CHECK(parse_pipeline_declaration(ok).ok());
  const std::string text = with_conditions(
      "    beforeEntry:\n      conditions: [{result: SKIP, rules: [" + kWindowRule + "]}]\n");
  const Problem p = single_problem(parse_pipeline_declaration(text));
  CHECK(p.path == "pipeline.stages[2].beforeEntry.conditions[0].result");
  CHECK(p.message ==
        "beforeEntry condition of stage \"Prod\" uses result SKIP, which only works with "
        "VariableCheck and LambdaInvoke rules; rule \"window\" of the beforeEntry condition of "
        "stage \"Prod\" is DeploymentWindow");
  CHECK(p.exception == "InvalidStageDeclarationException");
  CHECK(p.line == line_of(text, "result: SKIP"));
}

TEST_CASE("the first stage cannot roll back") {
  const std::string text =
      pipeline(stage("Source", kSourceStage.substr(kSourceStage.find("      - name: src")),
                     "    onFailure: {result: ROLLBACK}\n") +
               stage("Build", build_action("build", "SourceOut", "")));
  const Problem p = single_problem(parse_pipeline_declaration(text));
  CHECK(p.path == "pipeline.stages[0].onFailure.result");
  CHECK(p.message ==
        "onFailure of the first stage \"Source\" uses result ROLLBACK; a source stage cannot be "
        "rolled back");
  CHECK(p.exception == "InvalidStructureException");
  CHECK(p.line == line_of(text, "onFailure: {result: ROLLBACK}"));
}

TEST_CASE("a PARALLEL pipeline cannot use ROLLBACK") {
  const std::string text = with_conditions(
      "    onSuccess:\n      conditions: [{result: ROLLBACK, rules: [" + kWindowRule + "]}]\n",
      "executionMode: PARALLEL\n");
  const Problem p = single_problem(parse_pipeline_declaration(text));
  CHECK(p.path == "pipeline.stages[2].onSuccess.conditions[0].result");
  CHECK(p.message ==
        "onSuccess condition of stage \"Prod\" uses result ROLLBACK, which pipelines in PARALLEL "
        "execution mode cannot use");
  CHECK(p.exception == "InvalidStructureException");
  CHECK(p.line == line_of(text, "result: ROLLBACK"));
}

TEST_CASE("rules must be of a known type with their required configuration") {
  const std::string text = with_conditions(
      "    onSuccess:\n      conditions:\n        - result: FAIL\n          rules:\n"
      "            - {name: alarm, ruleTypeId: {category: Rule, provider: CloudWatchAlarms}}\n"
      "            - {name: check, ruleTypeId: {category: Rule, provider: VariableCheck}, "
      "configuration: {Variable: \"#{variables.env}\"}}\n"
      "            - {name: tests, ruleTypeId: {category: Rule, provider: Commands}}\n");
  const auto result = parse_pipeline_declaration(text);
  INFO(describe_problems(result));
  REQUIRE(result.problems.size() == 4);
  const std::string base = "pipeline.stages[2].onSuccess.conditions[0].rules";
  const Problem unknown = problem_at(result, base + "[0].ruleTypeId");
  CHECK(unknown.message ==
        "rule \"alarm\" of the onSuccess condition of stage \"Prod\" has an unknown rule type: "
        "provider CloudWatchAlarms, version 1 (known providers, version 1: VariableCheck, "
        "DeploymentWindow, Commands, LambdaInvoke, CloudWatchAlarm)");
  CHECK(unknown.exception == "InvalidStageDeclarationException");
  CHECK(unknown.line == line_of(text, "provider: CloudWatchAlarms"));
  CHECK(problem_at(result, base + "[1].configuration.Value").message ==
        "rule \"check\" of the onSuccess condition of stage \"Prod\" is missing the required "
        "configuration key \"Value\"");
  CHECK(problem_at(result, base + "[1].configuration.Operator").exception ==
        "InvalidStageDeclarationException");
  CHECK(problem_at(result, base + "[2].commands").message ==
        "rule \"tests\" of the onSuccess condition of stage \"Prod\" needs a commands list of 1 "
        "to 50 commands");
}

TEST_CASE("rule inputs and references follow the stage's timing") {
  const std::string text = with_conditions(
      "    beforeEntry:\n      conditions:\n        - result: FAIL\n          rules:\n"
      "            - {name: tests, ruleTypeId: {category: Rule, provider: Commands}, commands: "
      "[\"make check\"], inputArtifacts: [{name: ProdOut}]}\n"
      "            - {name: check, ruleTypeId: {category: Rule, provider: VariableCheck}, "
      "configuration: {Variable: \"#{Gate.Result}\", Value: ok, Operator: EQ}}\n");
  const auto result = parse_pipeline_declaration(text);
  INFO(describe_problems(result));
  REQUIRE(result.problems.size() == 2);
  CHECK(result.problems[0].path ==
        "pipeline.stages[2].beforeEntry.conditions[0].rules[0].inputArtifacts[0].name");
  CHECK(result.problems[0].message ==
        "input artifact \"ProdOut\" of rule \"tests\" of the beforeEntry condition of stage "
        "\"Prod\" is not produced by any action in the pipeline");
  CHECK(result.problems[0].exception == "InvalidStructureException");
  CHECK(result.problems[1].path ==
        "pipeline.stages[2].beforeEntry.conditions[0].rules[1].configuration.Variable");
  CHECK(result.problems[1].message ==
        "#{Gate.Result} in rule \"check\" of the beforeEntry condition of stage \"Prod\" uses "
        "namespace \"Gate\", which no action declares");
  CHECK(result.problems[1].line == line_of(text, "#{Gate.Result}"));
}

}  // namespace
}  // namespace lockstep::engine

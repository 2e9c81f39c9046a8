// Pipeline triggers: which source action they name, and the Git filter combinations.
#include "declaration_test_helpers.hpp"

namespace lockstep::engine {
namespace {

using namespace test;

std::string with_triggers(const std::string& triggers, const std::string& source = kSourceStage) {
  return pipeline(source + stage("Build", build_action("build", "SourceOut", "")),
                  "triggers:\n" + triggers);
}

std::string trigger(const std::string& git) {
  return "  - providerType: CodeStarSourceConnection\n    gitConfiguration:\n" + git;
}

TEST_CASE("a trigger with push and pull request filters is read and makes the pipeline V2") {
  const auto result = parse_pipeline_declaration(with_triggers(trigger(
      "      sourceActionName: src\n      push:\n        - tags: {includes: [\"v*\"]}\n"
      "        - branches: {includes: [main, \"release/**\"], excludes: [\"release/old\"]}\n"
      "          filePaths: {includes: [\"src/**\"]}\n      pullRequest:\n"
      "        - events: [OPEN, UPDATED]\n          branches: {includes: [main]}\n")));
  INFO(describe_problems(result));
  REQUIRE(result.ok());
  CHECK(result.declaration.pipelineType == PipelineType::V2);
  const GitConfiguration& git = result.declaration.triggers.at(0).gitConfiguration;
  REQUIRE(git.push.size() == 2);
  CHECK(git.push[0].tags->includes == std::vector<std::string>{"v*"});
  CHECK(git.push[1].branches->excludes == std::vector<std::string>{"release/old"});
  CHECK(git.push[1].filePaths->includes == std::vector<std::string>{"src/**"});
  REQUIRE(git.pullRequest.size() == 1);
  CHECK(git.pullRequest[0].events ==
        std::vector<PullRequestEvent>{PullRequestEvent::Open, PullRequestEvent::Updated});
}

TEST_CASE("a trigger must name a source action of the first stage") {
  const std::string text = with_triggers(
      trigger("      sourceActionName: build\n      push: [{branches: {includes: [main]}}]\n"));
  const Problem p = single_problem(parse_pipeline_declaration(text));
  CHECK(p.path == "pipeline.triggers[0].gitConfiguration.sourceActionName");
  CHECK(p.message ==
        "trigger sourceActionName \"build\" does not name an action in the first stage \"Source\"");
  CHECK(p.exception == "InvalidStructureException");
  CHECK(p.line == line_of(text, "sourceActionName: build"));
}

TEST_CASE("a trigger must name a Git source action") {
  const std::string s3_source = R"(  - name: Source
    actions:
      - name: bucket
        actionTypeId: {category: Source, owner: AWS, provider: S3, version: "1"}
        configuration: {S3Bucket: b, S3ObjectKey: app.zip}
        outputArtifacts: [{name: SourceOut}]
)";
  const std::string text = with_triggers(
      trigger("      sourceActionName: bucket\n      push: [{branches: {includes: [main]}}]\n"),
      s3_source);
  const Problem p = single_problem(parse_pipeline_declaration(text));
  CHECK(p.message ==
        "trigger sourceActionName \"bucket\" names a Source AWS/S3 action; triggers need a Git "
        "source action (AWS/CodeStarSourceConnection)");
  CHECK(p.exception == "InvalidStructureException");
}

TEST_CASE("a source action can have only one trigger") {
  const std::string git =
      "      sourceActionName: src\n      push: [{branches: {includes: [main]}}]\n";
  const std::string text = with_triggers(trigger(git) + trigger(git));
  const Problem p = single_problem(parse_pipeline_declaration(text));
  CHECK(p.path == "pipeline.triggers[1].gitConfiguration.sourceActionName");
  CHECK(p.message ==
        "source action \"src\" already has a trigger (triggers[0]); a source action can have at "
        "most one trigger");
  CHECK(p.exception == "InvalidStructureException");
  CHECK(p.line == line_of(text, "sourceActionName: src", 2));
}

TEST_CASE("push filters allow tags alone branches alone or branches with filePaths") {
  const std::string text = with_triggers(
      trigger("      sourceActionName: src\n      push:\n"
              "        - {branches: {includes: [main]}, tags: {includes: [\"v*\"]}}\n"
              "        - {filePaths: {includes: [\"docs/**\"]}}\n"
              "        - {tags: {includes: [\"v*\"]}, filePaths: {includes: [\"docs/**\"]}}\n"));
  const auto result = parse_pipeline_declaration(text);
  INFO(describe_problems(result));
  REQUIRE(result.problems.size() == 3);
  const Problem p = result.problems[0];
  CHECK(p.path == "pipeline.triggers[0].gitConfiguration.push[0]");
  CHECK(p.message ==
        "the trigger configuration for source action \"src\" is not valid: push filter 1 uses "
        "tags and branches; use valid filter combinations: tags alone, branches alone, or "
        "branches with filePaths");
  CHECK(p.exception == "InvalidStructureException");
  CHECK(p.line == line_of(text, "{branches: {includes: [main]}, tags"));
  CHECK_THAT(result.problems[1].message, Catch::Contains("push filter 2 uses filePaths;"));
  CHECK_THAT(result.problems[2].message, Catch::Contains("push filter 3 uses tags and filePaths;"));
}

TEST_CASE("every invalid glob in a filter is reported at its own place") {
  const std::string text =
      with_triggers(trigger("      sourceActionName: src\n      push:\n"
                            "        - branches: {includes: [main, \"release/[0-9\"]}\n"
                            "          filePaths: {excludes: [\"docs/{a,{b}}\"]}\n"
                            "      pullRequest:\n"
                            "        - branches: {includes: [\"feature/\\\\\"]}\n"));
  const auto result = parse_pipeline_declaration(text);
  INFO(describe_problems(result));
  REQUIRE(result.problems.size() == 3);
  CHECK(result.problems[0].path ==
        "pipeline.triggers[0].gitConfiguration.push[0].branches.includes[1]");
  CHECK_THAT(result.problems[0].message,
             Catch::StartsWith("the pattern \"release/[0-9\" is not a valid glob: "));
  CHECK(result.problems[0].exception == "InvalidStructureException");
  CHECK(result.problems[0].line == line_of(text, "release/[0-9"));
  CHECK(result.problems[1].path ==
        "pipeline.triggers[0].gitConfiguration.push[0].filePaths.excludes[0]");
  CHECK(result.problems[2].path ==
        "pipeline.triggers[0].gitConfiguration.pullRequest[0].branches.includes[0]");
}

TEST_CASE("pull request filters need branches and known events") {
  const std::string text =
      with_triggers(trigger("      sourceActionName: src\n      pullRequest:\n"
                            "        - {events: [OPEN, MERGED], branches: {includes: [main]}}\n"
                            "        - {filePaths: {includes: [\"src/**\"]}}\n"));
  const auto result = parse_pipeline_declaration(text);
  INFO(describe_problems(result));
  REQUIRE(result.problems.size() == 2);
  const Problem events = result.problems[0];
  CHECK(events.path == "pipeline.triggers[0].gitConfiguration.pullRequest[0].events[1]");
  CHECK(events.message == "pull request event \"MERGED\" is not one of OPEN, UPDATED, CLOSED");
  CHECK(events.exception == "ValidationException");
  CHECK(events.line == line_of(text, "MERGED"));
  const Problem combination = result.problems[1];
  CHECK(combination.path == "pipeline.triggers[0].gitConfiguration.pullRequest[1]");
  CHECK(combination.message ==
        "the trigger configuration for source action \"src\" is not valid: pull request filter "
        "2 uses filePaths without branches; use valid filter combinations: branches alone, or "
        "branches with filePaths");
  CHECK(combination.exception == "InvalidStructureException");
}

TEST_CASE("a trigger needs at least one filter and filters must not repeat") {
  const std::string text = with_triggers(
      trigger("      sourceActionName: src\n") +
          "  - providerType: CodeStarSourceConnection\n    gitConfiguration:\n      "
          "sourceActionName: "
          "other\n      push: [{branches: {includes: [main]}}, {branches: {includes: [main]}}]\n",
      kSourceStage +
          "      - name: other\n        actionTypeId: {category: Source, owner: "
          "ThirdParty, provider: GitHub, version: \"1\"}\n        configuration: "
          "{Owner: acme, Repo: lib, Branch: main, OAuthToken: secret}\n"
          "        outputArtifacts: [{name: LibOut}]\n");
  const auto result = parse_pipeline_declaration(text);
  INFO(describe_problems(result));
  REQUIRE(result.problems.size() == 2);
  CHECK(result.problems[0].path == "pipeline.triggers[0].gitConfiguration");
  CHECK(result.problems[0].message ==
        "the trigger configuration for source action \"src\" is not valid: it needs a push or "
        "pullRequest filter");
  CHECK(result.problems[1].path == "pipeline.triggers[1].gitConfiguration.push[1]");
  CHECK(result.problems[1].message ==
        "the trigger configuration for source action \"other\" is not valid: push filter 2 "
        "repeats push filter 1");
}

TEST_CASE("filter criteria hold 1 to 8 patterns of at most 255 characters") {
  std::string nine = "[";
  for (int i = 0; i < 9; ++i) nine += std::string(i ? ", " : "") + "b" + std::to_string(i);
  nine += "]";
  const std::string text = with_triggers(
      trigger("      sourceActionName: src\n      push:\n        - branches: {includes: " + nine +
              ", excludes: [\"" + std::string(256, 'x') + "\"]}\n"));
  const auto result = parse_pipeline_declaration(text);
  INFO(describe_problems(result));
  REQUIRE(result.problems.size() == 2);
  CHECK(result.problems[0].path ==
        "pipeline.triggers[0].gitConfiguration.push[0].branches.includes");
  CHECK(result.problems[0].message == "includes must have 1 to 8 items, found 9");
  CHECK(result.problems[0].exception == "ValidationException");
  CHECK(result.problems[0].line == line_of(text, "branches: {includes"));
  CHECK(result.problems[1].path ==
        "pipeline.triggers[0].gitConfiguration.push[0].branches.excludes[0]");
  CHECK(result.problems[1].message ==
        "each item of excludes must be 1 to 255 characters long, got 256");
}

TEST_CASE("at most 50 triggers and only the CodeStarSourceConnection provider") {
  std::string many;
  for (int i = 0; i < 51; ++i) {
    many += trigger("      sourceActionName: src\n      push: [{branches: {includes: [main]}}]\n");
  }
  const auto result = parse_pipeline_declaration(with_triggers(many));
  CHECK(problem_at(result, "pipeline.triggers").message ==
        "triggers must have at most 50 items, found 51");
  const std::string text = with_triggers(
      "  - providerType: GitHub\n    gitConfiguration: {sourceActionName: src, push: [{branches: "
      "{includes: [main]}}]}\n");
  const Problem p = single_problem(parse_pipeline_declaration(text));
  CHECK(p.path == "pipeline.triggers[0].providerType");
  CHECK(p.message == "providerType \"GitHub\" is not one of CodeStarSourceConnection");
  CHECK(p.exception == "ValidationException");
  CHECK(p.line == line_of(text, "providerType: GitHub"));
}

}  // namespace
}  // namespace lockstep::engine

// SEMANTICS §18 scenarios 58-61 (artifacts and variables at run time; 55-57 and 62-63 are
// definition-time checks of the declaration validator).
#include <catch2/catch.hpp>

#include "engine_harness.hpp"
#include "pipeline_builder.hpp"

using namespace lockstep::engine;
using namespace lockstep::engine::testing;
using S = PipelineExecutionStatus;

TEST_CASE("S18.58 per-execution artifacts") {
  Harness h(fixture_f(ExecutionMode::Parallel));
  StartExecution c1;
  c1.sourceRevisions = {{"src", "COMMIT_ID", "c1"}};
  StartExecution c2;
  c2.sourceRevisions = {{"src", "COMMIT_ID", "c2"}};
  h.start("E1", c1);
  h.start("E2", c2);
  CHECK(h.running.at(h.running_id("E1", "src")).sourceRevisions.at(0).revisionValue == "c1");
  CHECK(h.running.at(h.running_id("E2", "src")).sourceRevisions.at(0).revisionValue == "c2");
  const std::string src1 = h.running_id("E1", "src");
  const std::string src2 = h.running_id("E2", "src");
  h.run_until_at("E1", "C");
  h.run_until_at("E2", "C");
  const auto& in1 = h.running.at(h.running_id("E1", "c1")).inputArtifacts.at(0);
  const auto& in2 = h.running.at(h.running_id("E2", "c1")).inputArtifacts.at(0);
  CHECK(in1.name == "SrcOut");
  CHECK(in1.producerActionExecutionId == src1);
  CHECK(in2.producerActionExecutionId == src2);
  CHECK(in1.location != in2.location);
}

TEST_CASE("S18.59 execution-ID variable") {
  PipelineBuilder b("P");
  b.stage("Source").source("src").stage("B").action("b1").configure(
      "Id", "run-#{codepipeline.PipelineExecutionId}");
  Harness h(b.build());
  h.start("E1");
  h.succeed("E1", "src");
  const StartAction& s = h.running.at(h.running_id("E1", "b1"));
  CHECK(s.action.configuration.at("Id") == "run-#{codepipeline.PipelineExecutionId}");
  CHECK(s.resolvedConfiguration.at("Id") == "run-E1");
  CHECK(h.latest_attempt("E1", "b1").resolvedConfiguration.at("Id") == "run-E1");
}

TEST_CASE("S18.60 source variables") {
  PipelineBuilder b("P");
  b.stage("Source").source("src").stage("B").action("b1").configure("Commit",
                                                                    "#{SourceVariables.CommitId}");
  Harness h(b.build());
  StartExecution push;
  push.trigger = {"WebhookV2", "push"};
  push.sourceRevisions = {{"src", "COMMIT_ID", "abc123"}};
  h.start("E1", push);
  h.succeed("E1", "src", {{"CommitId", "abc123"}, {"BranchName", "main"}});
  CHECK(h.running.at(h.running_id("E1", "b1")).resolvedConfiguration.at("Commit") == "abc123");
}

TEST_CASE("S18.61 pipeline variables") {
  PipelineBuilder b("P");
  b.variable("Env", "dev").variable("Ver");
  b.stage("Source").source("src").stage("B").action("b1").configure(
      "Target", "#{variables.Env}-#{variables.Ver}");
  Harness h(b.build());
  CHECK(Harness::error(h.start("E0")) == "ValidationException");
  CHECK(h.pipeline().executions.empty());
  StartExecution overrides;
  overrides.variables = {{"Ver", "1.2"}, {"Env", "prod"}};
  REQUIRE(h.start("E1", overrides).accepted());
  const auto& vars = h.execution("E1").variables;
  REQUIRE(vars.size() == 2);
  CHECK(vars[0].name == "Env");
  CHECK(vars[0].resolvedValue == "prod");
  CHECK(vars[1].name == "Ver");
  CHECK(vars[1].resolvedValue == "1.2");
  h.succeed("E1", "src");
  CHECK(h.running.at(h.running_id("E1", "b1")).resolvedConfiguration.at("Target") == "prod-1.2");
  StartExecution undeclared;
  undeclared.variables = {{"Ver", "1"}, {"Nope", "x"}};
  CHECK(Harness::error(h.start("E2", undeclared)) == "ValidationException");
}

TEST_CASE("S18.61b unresolved variable fails the action before it runs") {
  PipelineBuilder b("P");
  b.stage("Source").source("src").stage("B").action("b1").configure("X", "#{BuildVars.X}");
  Harness h(b.build());
  h.start("E1");
  h.succeed("E1", "src");
  CHECK_FALSE(h.is_running("E1", "b1"));
  const ActionExecution& b1 = h.latest_attempt("E1", "b1");
  const std::string expected =
      "One or more variables could not be resolved: Action name=b1; unresolved: #{BuildVars.X}";
  CHECK(b1.status == ActionExecutionStatus::Failed);
  CHECK(b1.summary == expected);
  REQUIRE(b1.errorDetails);
  CHECK(b1.errorDetails->message == expected);
  CHECK(b1.errorDetails->code.empty());
  CHECK(h.status("E1") == S::Failed);
  CHECK(h.execution("E1").statusSummary == expected);
}

TEST_CASE("S18.61c output variables of a namespace reach later actions") {
  PipelineBuilder b("P");
  b.stage("Source").source("src").stage("B").action("build").in_namespace("BuildVars");
  b.action("deploy", 2).configure("Image", "#{BuildVars.Image}");
  Harness h(b.build());
  h.start("E1");
  h.succeed("E1", "src");
  h.succeed("E1", "build", {{"Image", "img:7"}});
  CHECK(h.running.at(h.running_id("E1", "deploy")).resolvedConfiguration.at("Image") == "img:7");
}

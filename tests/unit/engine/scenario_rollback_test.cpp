// SEMANTICS §18 scenarios 64-67: stage rollback.
#include <catch2/catch.hpp>

#include "engine_harness.hpp"
#include "pipeline_builder.hpp"

using namespace lockstep::engine;
using namespace lockstep::engine::testing;
using S = PipelineExecutionStatus;
using St = StageExecutionStatus;

namespace {

// Source -> Build(b1, namespace BuildVars) -> Deploy(d1 using the build's variable).
PipelineDeclaration deploy_pipeline(bool auto_rollback = false) {
  PipelineBuilder b("P");
  b.stage("Source").source("src").stage("Build").action("b1").in_namespace("BuildVars");
  b.stage("D").action("d1").configure("Image", "#{BuildVars.Image}");
  if (auto_rollback) b.on_failure(ConditionResult::Rollback);
  return b.build();
}

void run_to_success(Harness& h, const std::string& id, const std::string& image) {
  h.start(id);
  h.succeed(id, "src");
  h.succeed(id, "b1", {{"Image", image}});
  h.succeed(id, "d1");
  REQUIRE(h.status(id) == S::Succeeded);
}

}  // namespace

TEST_CASE("S18.64 manual rollback") {
  Harness h(deploy_pipeline());
  run_to_success(h, "E1", "img:1");
  run_to_success(h, "E2", "img:2");
  const Decision d = h.run(RollbackStage{"P", "D", "E1", "R"});
  REQUIRE(d.accepted());
  CHECK(d.pipelineExecutionId == "R");
  PipelineExecution& r = h.execution("R");
  CHECK(r.executionType == ExecutionType::Rollback);
  CHECK(r.trigger.triggerType == "ManualRollback");
  CHECK(r.rollbackTargetPipelineExecutionId == "E1");
  CHECK(h.running.at(h.running_id("R", "d1")).resolvedConfiguration.at("Image") == "img:1");
  CHECK(h.running.at(h.running_id("R", "d1")).inputArtifacts.at(0).producerActionExecutionId ==
        h.latest_attempt("E1", "src").actionExecutionId);
  CHECK(h.latest("D") == "R");
  CHECK(h.stage("R", "D").type == ExecutionType::Rollback);
  CHECK_FALSE(h.entered("R", "Source"));
  CHECK_FALSE(h.entered("R", "Build"));
  h.succeed("R", "d1");
  CHECK(h.status("R") == S::Succeeded);
  CHECK(h.attempts("R", "src").empty());
}

TEST_CASE("S18.65 invalid rollback targets") {
  Harness h(deploy_pipeline());
  run_to_success(h, "E1", "img:1");
  // A rollback execution as target.
  REQUIRE(h.run(RollbackStage{"P", "D", "E1", "R"}).accepted());
  h.succeed("R", "d1");
  CHECK(Harness::error(h.run(RollbackStage{"P", "D", "R", "X1"})) ==
        "UnableToRollbackStageException");
  // An execution that failed in D.
  h.start("E2");
  h.succeed("E2", "src");
  h.succeed("E2", "b1", {{"Image", "img:2"}});
  h.fail("E2", "d1");
  CHECK(Harness::error(h.run(RollbackStage{"P", "D", "E2", "X2"})) ==
        "UnableToRollbackStageException");
  // The first stage.
  CHECK(Harness::error(h.run(RollbackStage{"P", "Source", "E1", "X3"})) ==
        "UnableToRollbackStageException");
  // While D is in progress.
  h.start("E3");
  h.succeed("E3", "src");
  h.succeed("E3", "b1", {{"Image", "img:3"}});
  REQUIRE(h.is_running("E3", "d1"));
  CHECK(Harness::error(h.run(RollbackStage{"P", "D", "E1", "X4"})) ==
        "UnableToRollbackStageException");
  h.succeed("E3", "d1");
  // Unknown target, unknown stage, unknown pipeline.
  CHECK(Harness::error(h.run(RollbackStage{"P", "D", "nope", "X5"})) ==
        "PipelineExecutionNotFoundException");
  CHECK(Harness::error(h.run(RollbackStage{"P", "Z", "E1", "X6"})) == "StageNotFoundException");
  CHECK(Harness::error(h.run(RollbackStage{"Q", "D", "E1", "X7"})) == "PipelineNotFoundException");
  // A target from an older version.
  h.update(deploy_pipeline());
  CHECK(Harness::error(h.run(RollbackStage{"P", "D", "E1", "X8"})) ==
        "PipelineExecutionOutdatedException");
}

TEST_CASE("S18.66 automatic rollback") {
  Harness h(deploy_pipeline(true));
  run_to_success(h, "E1", "img:1");
  h.start("E2");
  h.succeed("E2", "src");
  h.succeed("E2", "b1", {{"Image", "img:2"}});
  h.fail("E2", "d1");
  CHECK(h.status("E2") == S::Failed);
  std::string rollback;
  for (const auto& id : h.pipeline().executionOrder) {
    if (h.execution(id).executionType == ExecutionType::Rollback) rollback = id;
  }
  REQUIRE_FALSE(rollback.empty());
  const PipelineExecution& r = h.execution(rollback);
  CHECK(r.trigger.triggerType == "AutomatedRollback");
  CHECK(r.rollbackTargetPipelineExecutionId == "E1");
  CHECK(h.running.at(h.running_id(rollback, "d1")).resolvedConfiguration.at("Image") == "img:1");
  h.succeed(rollback, "d1");
  CHECK(h.status(rollback) == S::Succeeded);
  CHECK(h.status("E2") == S::Failed);
}

TEST_CASE("S18.67 automatic rollback without a target") {
  Harness h(deploy_pipeline(true));
  h.start("E1");
  h.succeed("E1", "src");
  h.succeed("E1", "b1", {{"Image", "img:1"}});
  h.fail("E1", "d1");
  CHECK(h.status("E1") == S::Failed);
  CHECK(h.pipeline().executions.size() == 1);
}

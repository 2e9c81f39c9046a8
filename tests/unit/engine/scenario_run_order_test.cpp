// SEMANTICS §18 scenarios 22-27: runOrder and in-stage parallelism.
#include <catch2/catch.hpp>

#include "engine_harness.hpp"
#include "pipeline_builder.hpp"

using namespace lockstep::engine;
using namespace lockstep::engine::testing;
using S = PipelineExecutionStatus;
using St = StageExecutionStatus;

namespace {

// Stage B with x(1), y(2), z(2), w(3); x outputs XOut.
PipelineDeclaration grouped() {
  PipelineBuilder b("P");
  b.stage("Source").source("src").stage("A").action("a1").stage("B");
  b.action("x", 1, {"SrcOut"}, {"XOut"}).action("y", 2).action("z", 2).action("w", 3, {"XOut"});
  b.stage("C").action("c1");
  return b.build();
}

// Runs E1 up to group 2 of B with y and z running.
Harness& to_group_two(Harness& h) {
  h.start("E1");
  h.run_until_at("E1", "B");
  h.succeed("E1", "x");
  return h;
}

}  // namespace

TEST_CASE("S18.22 ordering of groups") {
  Harness h(grouped());
  h.start("E1");
  h.run_until_at("E1", "B");
  CHECK(h.is_running("E1", "x"));
  CHECK_FALSE(h.is_running("E1", "y"));
  CHECK_FALSE(h.is_running("E1", "z"));
  h.succeed("E1", "x");
  CHECK(h.is_running("E1", "y"));
  CHECK(h.is_running("E1", "z"));
  CHECK_FALSE(h.is_running("E1", "w"));
  h.succeed("E1", "y");
  CHECK_FALSE(h.is_running("E1", "w"));
  h.succeed("E1", "z");
  CHECK(h.is_running("E1", "w"));
}

TEST_CASE("S18.23 non-contiguous runOrder") {
  PipelineBuilder b("P");
  b.stage("Source").source("src").stage("A").action("first", 1).action("tenth", 10);
  Harness h(b.build());
  h.start("E1");
  h.succeed("E1", "src");
  CHECK(h.is_running("E1", "first"));
  CHECK_FALSE(h.is_running("E1", "tenth"));
  h.succeed("E1", "first");
  CHECK(h.is_running("E1", "tenth"));
}

TEST_CASE("S18.24 sibling keeps running after a failure") {
  for (bool z_succeeds : {true, false}) {
    Harness h(grouped());
    to_group_two(h);
    h.fail("E1", "y");
    CHECK(h.is_running("E1", "z"));
    CHECK(h.stage_status("E1", "B") == St::InProgress);
    CHECK(h.status("E1") == S::InProgress);
    CHECK(h.events(EventSubject::ActionExecution, "E1", "z") ==
          std::vector<std::string>{"STARTED"});
    if (z_succeeds) {
      h.succeed("E1", "z");
    } else {
      h.fail("E1", "z");
    }
    CHECK(h.attempts("E1", "w").empty());
    CHECK(h.stage_status("E1", "B") == St::Failed);
    CHECK(h.status("E1") == S::Failed);
  }
}

TEST_CASE("S18.25 FAILED_ACTIONS retry while a sibling runs") {
  Harness h(grouped());
  to_group_two(h);
  const std::string first_y = h.latest_attempt("E1", "y").actionExecutionId;
  const std::string z_id = h.running_id("E1", "z");
  h.fail("E1", "y");
  const Decision d = h.retry("B", "E1", StageRetryMode::FailedActions);
  REQUIRE(d.accepted());
  CHECK(d.pipelineExecutionId == "E1");
  CHECK(h.is_running("E1", "y"));
  CHECK(h.running_id("E1", "y") != first_y);
  CHECK(h.running_id("E1", "z") == z_id);
  h.succeed("E1", "y");
  CHECK_FALSE(h.is_running("E1", "w"));
  h.succeed("E1", "z");
  CHECK(h.is_running("E1", "w"));
  h.settle("E1");
  CHECK(h.status("E1") == S::Succeeded);
}

TEST_CASE("S18.26 ALL_ACTIONS refused while something runs") {
  Harness h(grouped());
  to_group_two(h);
  h.fail("E1", "y");
  CHECK(Harness::error(h.retry("B", "E1", StageRetryMode::AllActions)) ==
        "StageNotRetryableException");
}

TEST_CASE("S18.27 ALL_ACTIONS restarts the stage") {
  Harness h(grouped());
  to_group_two(h);
  const std::string old_x = h.latest_attempt("E1", "x").actionExecutionId;
  h.fail("E1", "y");
  h.succeed("E1", "z");
  REQUIRE(h.status("E1") == S::Failed);
  REQUIRE(h.retry("B", "E1", StageRetryMode::AllActions).accepted());
  CHECK(h.is_running("E1", "x"));
  CHECK_FALSE(h.is_running("E1", "y"));
  const std::string new_x = h.running_id("E1", "x");
  CHECK(new_x != old_x);
  h.succeed("E1", "x");
  CHECK(h.execution("E1").artifacts.at("XOut").producerActionExecutionId == new_x);
  h.succeed("E1", "y");
  h.succeed("E1", "z");
  REQUIRE(h.is_running("E1", "w"));
  CHECK(h.running.at(h.running_id("E1", "w")).inputArtifacts.at(0).producerActionExecutionId ==
        new_x);
  CHECK(h.attempts("E1", "x").size() == 2);
  CHECK(h.attempts("E1", "y").size() == 2);
  CHECK(h.attempts("E1", "z").size() == 2);
  h.settle("E1");
  CHECK(h.status("E1") == S::Succeeded);
}

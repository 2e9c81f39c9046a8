// SEMANTICS §18 scenarios 19-21: pipeline updates and mode changes.
#include <catch2/catch.hpp>

#include "engine_harness.hpp"
#include "pipeline_builder.hpp"

using namespace lockstep::engine;
using namespace lockstep::engine::testing;
using S = PipelineExecutionStatus;
using St = StageExecutionStatus;

TEST_CASE("S18.19 update cancels in-flight SUPERSEDED executions") {
  Harness h(fixture_f());
  for (const char* id : {"E1", "E2"}) {
    h.start(id);
    h.run_until_at(id, "B");
  }
  const auto executions = h.pipeline().executions.size();
  REQUIRE(h.update(fixture_f()).accepted());
  CHECK(h.pipeline().declaration.version == 2);
  CHECK(h.status("E2") == S::Cancelled);
  CHECK(h.inbound("B").empty());
  CHECK(h.status("E1") == S::InProgress);
  CHECK(h.is_running("E1", "b1"));
  h.succeed("E1", "b1");
  CHECK(h.status("E1") == S::Cancelled);
  CHECK(h.stage_status("E1", "B") == St::Cancelled);
  CHECK(h.attempts("E1", "c1").empty());
  CHECK(h.pipeline().executions.size() == executions);
  CHECK(h.lock_holder("B").empty());
}

TEST_CASE("S18.20 retry after update is refused") {
  Harness h(fixture_f());
  h.start("E1");
  h.run_until_at("E1", "B");
  h.fail("E1", "b1");
  REQUIRE(h.status("E1") == S::Failed);
  h.update(fixture_f());
  CHECK(Harness::error(h.retry("B", "E1", StageRetryMode::FailedActions)) ==
        "StageNotRetryableException");
}

TEST_CASE("S18.21 QUEUED to PARALLEL") {
  Harness h(fixture_f(ExecutionMode::Queued));
  for (const char* id : {"E1", "E2"}) {
    h.start(id);
    h.run_until_at(id, "B");
  }
  REQUIRE(h.update(fixture_f(ExecutionMode::Parallel)).accepted());
  CHECK(h.status("E2") == S::Cancelled);
  CHECK(h.status("E1") == S::InProgress);
  h.succeed("E1", "b1");
  CHECK(h.status("E1") == S::Cancelled);
  // New executions run in PARALLEL mode on version 2.
  h.start("E3");
  CHECK(h.execution("E3").executionMode == ExecutionMode::Parallel);
  h.settle("E3");
  CHECK(h.status("E3") == S::Succeeded);
}

TEST_CASE("S18.21b PARALLEL to SUPERSEDED keeps PARALLEL executions on their version") {
  Harness h(fixture_f(ExecutionMode::Parallel));
  for (const char* id : {"E1", "E2"}) {
    h.start(id);
    h.run_until_at(id, "B");
  }
  REQUIRE(h.update(fixture_f(ExecutionMode::Superseded)).accepted());
  CHECK(h.status("E1") == S::InProgress);
  CHECK(h.status("E2") == S::InProgress);
  h.start("E3");
  h.run_until_at("E3", "B");
  CHECK(h.lock_holder("B") == "E3");  // the PARALLEL executions never held a lock
  h.settle("E1");
  h.settle("E2");
  CHECK(h.status("E1") == S::Succeeded);
  CHECK(h.status("E2") == S::Succeeded);
  CHECK(h.execution("E1").pipelineVersion == 1);
}

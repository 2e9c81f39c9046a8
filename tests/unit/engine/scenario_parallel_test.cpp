// SEMANTICS §18 scenarios 15-18: execution modes, PARALLEL.
#include <catch2/catch.hpp>

#include "engine_harness.hpp"
#include "pipeline_builder.hpp"

using namespace lockstep::engine;
using namespace lockstep::engine::testing;
using S = PipelineExecutionStatus;

TEST_CASE("S18.15 no locks") {
  Harness h(fixture_f(ExecutionMode::Parallel));
  for (const char* id : {"E1", "E2"}) {
    h.start(id);
    h.run_until_at(id, "B");
  }
  CHECK(h.is_running("E1", "b1"));
  CHECK(h.is_running("E2", "b1"));
  CHECK(h.inbound("B").empty());
  CHECK(h.lock_holder("B").empty());
  h.settle("E2");
  CHECK(h.status("E2") == S::Succeeded);
  CHECK(h.status("E1") == S::InProgress);
  h.settle("E1");
  CHECK(h.status("E1") == S::Succeeded);
}

TEST_CASE("S18.16 no pipeline state") {
  Harness h(fixture_f(ExecutionMode::Parallel));
  h.start("E1");
  h.run_until_at("E1", "B");
  for (const auto& [name, st] : h.pipeline().stages) {
    CHECK(st.latestExecutionId.empty());
    CHECK(st.inboundExecutions.empty());
    CHECK(st.lockHolder.empty());
  }
}

TEST_CASE("S18.17 rollback unavailable in PARALLEL") {
  Harness h(fixture_f(ExecutionMode::Parallel));
  h.start("E1");
  h.settle("E1");
  REQUIRE(h.status("E1") == S::Succeeded);
  const Decision d = h.run(RollbackStage{"P", "B", "E1", "R1"});
  CHECK(Harness::error(d) == "UnableToRollbackStageException");
}

TEST_CASE("S18.18 PARALLEL keeps old definition") {
  auto v1 = fixture_f_builder(ExecutionMode::Parallel);
  Harness h(v1.build());
  h.start("E1");
  h.run_until_at("E1", "B");
  auto changed = fixture_f(ExecutionMode::Parallel);
  changed.stages[3].actions[0].configuration["Mode"] = "v2";
  REQUIRE(h.update(changed).accepted());
  CHECK(h.status("E1") == S::InProgress);
  CHECK(h.execution("E1").pipelineVersion == 1);
  h.succeed("E1", "b1");
  REQUIRE(h.is_running("E1", "c1"));
  CHECK(h.running.at(h.running_id("E1", "c1")).resolvedConfiguration.count("Mode") == 0);
  h.start("E2");
  CHECK(h.execution("E2").pipelineVersion == 2);
  h.run_until_at("E2", "C");
  CHECK(h.running.at(h.running_id("E2", "c1")).resolvedConfiguration.at("Mode") == "v2");
}

TEST_CASE("S18.15b PARALLEL executions run at most five actions at once") {
  PipelineBuilder b("P");
  b.mode(ExecutionMode::Parallel).stage("Source").source("src").stage("A");
  for (int i = 1; i <= 7; ++i) b.action("a" + std::to_string(i));
  Harness h(b.build());
  h.start("E1");
  h.succeed("E1", "src");
  int running = 0;
  for (int i = 1; i <= 7; ++i) running += h.is_running("E1", "a" + std::to_string(i)) ? 1 : 0;
  CHECK(running == 5);
  h.succeed("E1", "a1");
  CHECK(h.is_running("E1", "a6"));
  h.settle("E1");
  CHECK(h.status("E1") == S::Succeeded);
}

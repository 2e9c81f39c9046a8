// GetPipelineState as the engine projects it (SEMANTICS §3.6, §5.3.3, §11.3; scenarios 2, 9, 16,
// 43 and 47 seen through the API's shape).
#include <catch2/catch.hpp>

#include "engine/pipeline_state_view.hpp"
#include "engine_harness.hpp"
#include "pipeline_builder.hpp"

using namespace lockstep::engine;
using namespace lockstep::engine::testing;

namespace {

const StageStateView& stage_view(const std::vector<StageStateView>& views,
                                 const std::string& name) {
  for (const auto& v : views) {
    if (v.stageName == name) return v;
  }
  FAIL("no stage " << name);
  throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("S18.9v GetPipelineState lists queued inbound executions in order") {
  Harness h(fixture_f(ExecutionMode::Queued));
  for (const char* id : {"E1", "E2", "E3"}) {
    h.start(id);
    h.run_until_at(id, "B");
  }
  const auto views = pipeline_state_view(h.pipeline());
  const StageStateView& b = stage_view(views, "B");
  REQUIRE(b.inboundExecutions.size() == 2);
  CHECK(b.inboundExecutions[0].pipelineExecutionId == "E2");
  CHECK(b.inboundExecutions[1].pipelineExecutionId == "E3");
  REQUIRE(b.latestExecution);
  CHECK(b.latestExecution->pipelineExecutionId == "E1");
  CHECK(b.latestExecution->status == StageExecutionStatus::InProgress);
  REQUIRE(b.actionStates.at(0).latestExecution);
  CHECK(b.actionStates.at(0).latestExecution->status == ActionExecutionStatus::InProgress);
}

TEST_CASE("S18.16v GetPipelineState of a PARALLEL pipeline has names and transitions only") {
  Harness h(fixture_f(ExecutionMode::Parallel));
  h.disable("C", "freeze");
  h.start("E1");
  h.run_until_at("E1", "B");
  const auto views = pipeline_state_view(h.pipeline());
  REQUIRE(views.size() == 4);
  for (const auto& v : views) {
    CHECK_FALSE(v.latestExecution);
    CHECK(v.inboundExecutions.empty());
    CHECK(v.actionStates.empty());
  }
  CHECK_FALSE(stage_view(views, "C").inboundTransitionState.enabled);
}

TEST_CASE("S18.47v GetPipelineState shows the approval token of the current attempt") {
  PipelineBuilder b("P");
  b.stage("Source").source("src").stage("B").approval("ap").stage("C").action("c1");
  Harness h(b.build());
  h.start("E1");
  h.succeed("E1", "src");
  const auto views = pipeline_state_view(h.pipeline());
  const auto& ap = stage_view(views, "B").actionStates.at(0);
  REQUIRE(ap.latestExecution);
  CHECK(ap.latestExecution->token == h.latest_attempt("E1", "ap").token);
  CHECK(h.approve("B", "ap", ap.latestExecution->token).accepted());
}

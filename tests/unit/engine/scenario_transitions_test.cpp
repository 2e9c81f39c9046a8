// SEMANTICS §18 scenarios 43-46: stage transitions.
#include <catch2/catch.hpp>

#include "engine_harness.hpp"
#include "pipeline_builder.hpp"

using namespace lockstep::engine;
using namespace lockstep::engine::testing;
using S = PipelineExecutionStatus;

TEST_CASE("S18.43 disable does not affect running executions") {
  Harness h(fixture_f());
  h.start("E1");
  h.run_until_at("E1", "B");
  h.clock.advance(1000);
  REQUIRE(h.disable("B", "freeze").accepted());
  h.settle("E1");
  CHECK(h.status("E1") == S::Succeeded);
  const TransitionState& t = h.pipeline().stages.at("B").inboundTransition;
  CHECK_FALSE(t.enabled);
  CHECK(t.disabledReason == "freeze");
  CHECK(t.lastChangedBy == "tester");
  CHECK(t.lastChangedAt == h.clock.now());
}

TEST_CASE("S18.44 enable admits the waiter") {
  Harness h(fixture_f());
  h.disable("B");
  h.start("E2");
  h.run_until_at("E2", "B");
  REQUIRE(h.inbound("B") == std::vector<std::string>{"E2"});
  const Decision d = h.enable("B");
  REQUIRE(d.accepted());
  CHECK(h.latest("B") == "E2");
  bool started_b1 = false;
  for (const auto& e : d.effects) {
    if (const auto* s = std::get_if<StartAction>(&e))
      started_b1 = started_b1 || s->action.name == "b1";
  }
  CHECK(started_b1);  // in the same decision, before any other event
}

TEST_CASE("S18.45 transition disabled for more than 30 days") {
  Harness h(fixture_f());
  h.disable("B");
  h.start("E2");
  h.run_until_at("E2", "B");
  h.clock.advance(31 * kDayMs);
  REQUIRE(h.enable("B").accepted());
  CHECK_FALSE(h.entered("E2", "B"));
  CHECK(h.status("E2") == S::Stopped);
  CHECK(h.execution("E2").statusSummary == "Transition disabled for more than 30 days");
  h.start("E3");
  h.settle("E3");
  CHECK(h.status("E3") == S::Succeeded);
}

TEST_CASE("S18.46 transition on a missing stage") {
  Harness h(fixture_f());
  CHECK(Harness::error(h.disable("Nope")) == "StageNotFoundException");
  CHECK(Harness::error(h.run(DisableTransition{"Nope", "B", TransitionType::Inbound, "r", "t"})) ==
        "PipelineNotFoundException");
  CHECK(Harness::error(h.run(EnableTransition{"P", "Nope", TransitionType::Inbound, "t"})) ==
        "StageNotFoundException");
}

TEST_CASE("S18.46b outbound transition acts on the next stage and enable is idempotent") {
  Harness h(fixture_f());
  REQUIRE(h.run(DisableTransition{"P", "A", TransitionType::Outbound, "r", "t"}).accepted());
  CHECK_FALSE(h.pipeline().stages.at("B").inboundTransition.enabled);
  CHECK(h.pipeline().stages.at("A").inboundTransition.enabled);
  CHECK(h.run(DisableTransition{"P", "C", TransitionType::Outbound, "r", "t"}).accepted());
  CHECK(h.enable("A").accepted());
  CHECK(h.enable("A").accepted());
  CHECK(h.disable("B", "second reason").accepted());
  CHECK(h.pipeline().stages.at("B").inboundTransition.disabledReason == "second reason");
}

TEST_CASE("S18.46c disabling the first stage holds new executions") {
  Harness h(fixture_f(ExecutionMode::Queued));
  h.disable("Source");
  h.start("E1");
  h.start("E2");
  CHECK(h.inbound("Source") == std::vector<std::string>{"E1", "E2"});
  h.enable("Source");
  CHECK(h.lock_holder("Source") == "E1");
}

TEST_CASE("S18.46d PARALLEL executions held at a disabled transition all continue") {
  Harness h(fixture_f(ExecutionMode::Parallel));
  h.disable("B");
  for (const char* id : {"E1", "E2"}) {
    h.start(id);
    h.run_until_at(id, "B");
  }
  CHECK_FALSE(h.is_running("E1", "b1"));
  h.enable("B");
  CHECK(h.is_running("E1", "b1"));
  CHECK(h.is_running("E2", "b1"));
}

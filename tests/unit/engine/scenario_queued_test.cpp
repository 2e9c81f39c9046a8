// SEMANTICS §18 scenarios 9-14: execution modes, QUEUED.
#include <catch2/catch.hpp>

#include "engine_harness.hpp"
#include "pipeline_builder.hpp"

using namespace lockstep::engine;
using namespace lockstep::engine::testing;
using S = PipelineExecutionStatus;
using Ids = std::vector<std::string>;

namespace {

// Scenario 9's setup: b1 holds for E1, E2 then E3 queued at B.
void queue_two_behind_e1(Harness& h) {
  for (const char* id : {"E1", "E2", "E3"}) {
    h.start(id);
    h.run_until_at(id, "B");
  }
}

}  // namespace

TEST_CASE("S18.9 FIFO queue") {
  Harness h(fixture_f(ExecutionMode::Queued));
  queue_two_behind_e1(h);
  CHECK(h.status("E2") == S::InProgress);
  CHECK(h.status("E3") == S::InProgress);
  CHECK(h.inbound("B") == Ids{"E2", "E3"});
  h.succeed("E1", "b1");
  CHECK(h.lock_holder("B") == "E2");
  CHECK(h.inbound("B") == Ids{"E3"});
  h.succeed("E2", "b1");
  CHECK(h.lock_holder("B") == "E3");
}

TEST_CASE("S18.10 no superseding in QUEUED") {
  Harness h(fixture_f(ExecutionMode::Queued));
  queue_two_behind_e1(h);
  for (int i = 0; i < 20 && !h.running.empty(); ++i) {
    for (const char* id : {"E1", "E2", "E3"}) h.settle(id);
  }
  for (const char* id : {"E1", "E2", "E3"}) {
    CHECK(h.status(id) == S::Succeeded);
    CHECK(h.attempts(id, "c1").size() == 1);
  }
  for (const auto& effect : h.effects) {
    if (const auto* n = std::get_if<Notify>(&effect)) CHECK(n->state != "SUPERSEDED");
  }
}

TEST_CASE("S18.11 disabled transition accumulates a queue") {
  Harness h(fixture_f(ExecutionMode::Queued));
  h.disable("B");
  for (const char* id : {"E1", "E2", "E3"}) {
    h.start(id);
    h.run_until_at(id, "B");
  }
  CHECK(h.inbound("B") == Ids{"E1", "E2", "E3"});
  h.enable("B");
  CHECK(h.lock_holder("B") == "E1");
  CHECK(h.inbound("B") == Ids{"E2", "E3"});
  CHECK_FALSE(h.is_running("E2", "b1"));
  h.succeed("E1", "b1");
  CHECK(h.lock_holder("B") == "E2");
}

TEST_CASE("S18.12 stopping a queued execution") {
  for (bool abandon : {false, true}) {
    Harness h(fixture_f(ExecutionMode::Queued));
    queue_two_behind_e1(h);
    REQUIRE(h.stop("E2", abandon).accepted());
    CHECK(h.status("E2") == S::Stopped);
    CHECK(h.inbound("B") == Ids{"E3"});
    h.succeed("E1", "b1");
    CHECK(h.lock_holder("B") == "E3");
    CHECK(Harness::error(h.retry("B", "E2", StageRetryMode::FailedActions)) ==
          "StageNotRetryableException");
    CHECK(h.status("E2") == S::Stopped);
  }
}

TEST_CASE("S18.13 concurrency cap") {
  Harness h(fixture_f(ExecutionMode::Queued));
  for (int i = 1; i <= 50; ++i) REQUIRE(h.start("E" + std::to_string(i)).accepted());
  CHECK(h.lock_holder("Source") == "E1");
  CHECK(h.inbound("Source").size() == 49);
  const auto before = h.pipeline().executions.size();
  CHECK(Harness::error(h.start("E51")) == "ConcurrentPipelineExecutionsLimitExceededException");
  CHECK(h.pipeline().executions.size() == before);
  h.settle("E1");
  REQUIRE(h.status("E1") == S::Succeeded);
  CHECK(h.start("E51").accepted());
}

TEST_CASE("S18.13b a Git trigger above the cap records a failed execution") {
  Harness h(fixture_f(ExecutionMode::Queued));
  for (int i = 1; i <= 50; ++i) h.start("E" + std::to_string(i));
  StartExecution trigger;
  trigger.trigger = {"WebhookV2", "push"};
  trigger.fromGitTrigger = true;
  trigger.sourceRevisions = {{"src", "COMMIT_ID", "abc"}};
  REQUIRE(h.start("G1", trigger).accepted());
  CHECK(h.status("G1") == S::Failed);
  CHECK_THAT(h.execution("G1").statusSummary, Catch::Contains("50 concurrent executions"));
  CHECK_FALSE(h.entered("G1", "Source"));
  CHECK(h.pipeline().activeExecutions == 50);
  CHECK(Harness::error(h.retry("Source", "G1", StageRetryMode::AllActions)) ==
        "ConcurrentPipelineExecutionsLimitExceededException");
}

TEST_CASE("S18.14 failure releases to the queue head") {
  Harness h(fixture_f(ExecutionMode::Queued));
  for (const char* id : {"E1", "E2"}) {
    h.start(id);
    h.run_until_at(id, "B");
  }
  h.fail("E1", "b1");
  CHECK(h.status("E1") == S::Failed);
  CHECK(h.lock_holder("B") == "E2");
  CHECK(Harness::error(h.retry("B", "E1", StageRetryMode::FailedActions)) ==
        "NotLatestPipelineExecutionException");
}

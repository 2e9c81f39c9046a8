// SEMANTICS §18 scenarios 47-53: manual approvals.
#include <catch2/catch.hpp>

#include "engine_harness.hpp"
#include "pipeline_builder.hpp"

using namespace lockstep::engine;
using namespace lockstep::engine::testing;
using S = PipelineExecutionStatus;
using St = StageExecutionStatus;

namespace {

PipelineDeclaration with_approval(ExecutionMode mode = ExecutionMode::Superseded,
                                  std::optional<int> timeout = {}) {
  PipelineBuilder b("P");
  b.mode(mode).stage("Source").source("src").stage("A").action("a1");
  b.stage("B").approval("ap", 1, timeout).action("b1", 2).stage("C").action("c1");
  return b.build();
}

std::string token_of(Harness& h, const std::string& id) {
  return h.latest_attempt(id, "ap").token;
}

}  // namespace

TEST_CASE("S18.47 approve") {
  Harness h(with_approval());
  h.start("E1");
  h.run_until_at("E1", "B");
  h.clock.advance(5000);
  const Decision d = h.approve("B", "ap", token_of(h, "E1"), ApprovalStatus::Approved, "ok");
  REQUIRE(d.accepted());
  CHECK(d.approvedAt == std::optional<Timestamp>(h.clock.now()));
  CHECK(h.latest_attempt("E1", "ap").status == ActionExecutionStatus::Succeeded);
  CHECK(h.latest_attempt("E1", "ap").summary == "ok");
  CHECK(h.latest_attempt("E1", "ap").updatedBy == "approver");
  CHECK(h.is_running("E1", "b1"));
}

TEST_CASE("S18.48 reject") {
  Harness h(with_approval());
  h.start("E1");
  h.run_until_at("E1", "B");
  REQUIRE(h.approve("B", "ap", token_of(h, "E1"), ApprovalStatus::Rejected, "no").accepted());
  CHECK(h.latest_attempt("E1", "ap").status == ActionExecutionStatus::Failed);
  CHECK(h.stage_status("E1", "B") == St::Failed);
  CHECK(h.status("E1") == S::Failed);
  CHECK(h.attempts("E1", "b1").empty());
}

TEST_CASE("S18.49 token reuse") {
  Harness h(with_approval());
  h.start("E1");
  h.run_until_at("E1", "B");
  const std::string token = token_of(h, "E1");
  REQUIRE(h.approve("B", "ap", token).accepted());
  CHECK(Harness::error(h.approve("B", "ap", token)) == "ApprovalAlreadyCompletedException");
}

TEST_CASE("S18.50 stale token after retry") {
  Harness h(with_approval());
  h.start("E1");
  h.run_until_at("E1", "B");
  const std::string old_token = token_of(h, "E1");
  h.approve("B", "ap", old_token, ApprovalStatus::Rejected);
  REQUIRE(h.retry("B", "E1", StageRetryMode::AllActions).accepted());
  const std::string new_token = token_of(h, "E1");
  CHECK(new_token != old_token);
  CHECK(Harness::error(h.approve("B", "ap", old_token)) == "InvalidApprovalTokenException");
  CHECK(h.approve("B", "ap", new_token).accepted());
}

TEST_CASE("S18.51 timeout") {
  SECTION("five minutes") {
    Harness h(with_approval(ExecutionMode::Superseded, 5));
    h.start("E1");
    h.run_until_at("E1", "B");
    const Timestamp started = h.clock.now();
    h.advance_to(started + 5 * kMinuteMs - 1);
    CHECK(h.status("E1") == S::InProgress);
    h.advance_to(started + 5 * kMinuteMs);
    CHECK(h.latest_attempt("E1", "ap").status == ActionExecutionStatus::Failed);
    CHECK(h.status("E1") == S::Failed);
    CHECK(Harness::error(h.approve("B", "ap", token_of(h, "E1"))) ==
          "InvalidApprovalTokenException");
  }
  SECTION("seven days by default") {
    Harness h(with_approval());
    h.start("E1");
    h.run_until_at("E1", "B");
    const Timestamp started = h.clock.now();
    h.advance_to(started + 7 * kDayMs - 1);
    CHECK(h.status("E1") == S::InProgress);
    h.advance_to(started + 7 * kDayMs);
    CHECK(h.status("E1") == S::Failed);
  }
}

TEST_CASE("S18.52 approval holds the stage") {
  for (ExecutionMode mode : {ExecutionMode::Superseded, ExecutionMode::Queued}) {
    Harness h(with_approval(mode));
    for (const char* id : {"E1", "E2"}) {
      h.start(id);
      h.run_until_at(id, "B");
    }
    CHECK(h.lock_holder("B") == "E1");
    CHECK(h.inbound("B") == std::vector<std::string>{"E2"});
    h.start("E3");
    h.run_until_at("E3", "B");
    if (mode == ExecutionMode::Superseded) {
      CHECK(h.status("E2") == S::Superseded);
      CHECK(h.inbound("B") == std::vector<std::string>{"E3"});
    } else {
      CHECK(h.inbound("B") == std::vector<std::string>{"E2", "E3"});
    }
  }
}

TEST_CASE("S18.53 token in PARALLEL mode") {
  Harness h(with_approval(ExecutionMode::Parallel));
  h.start("E1");
  h.run_until_at("E1", "B");
  const ActionExecution& ap = h.latest_attempt("E1", "ap");
  CHECK(ap.externalExecutionId == ap.token);
  CHECK(h.approve("B", "ap", ap.externalExecutionId).accepted());
}

TEST_CASE("S18.53b approval lookup errors") {
  Harness h(with_approval());
  h.start("E1");
  h.run_until_at("E1", "B");
  const std::string token = token_of(h, "E1");
  CHECK(Harness::error(h.run(ApprovalResult{"nope", "B", "ap", token, ApprovalStatus::Approved, "",
                                            ""})) == "PipelineNotFoundException");
  CHECK(Harness::error(h.approve("Z", "ap", token)) == "StageNotFoundException");
  CHECK(Harness::error(h.approve("B", "zz", token)) == "ActionNotFoundException");
  CHECK(Harness::error(h.approve("B", "ap", "not-a-token")) == "InvalidApprovalTokenException");
  CHECK(Harness::error(h.approve("B", "b1", token)) == "InvalidApprovalTokenException");
}

// SEMANTICS §18 scenarios 68-73: stage conditions.
#include <catch2/catch.hpp>

#include "engine_harness.hpp"
#include "pipeline_builder.hpp"

using namespace lockstep::engine;
using namespace lockstep::engine::testing;
using S = PipelineExecutionStatus;
using St = StageExecutionStatus;

namespace {

RuleDeclaration branch_is_main() {
  return rule(
      "onMain", "VariableCheck",
      {{"Variable", "#{SourceVariables.BranchName}"}, {"Value", "main"}, {"Operator", "EQ"}});
}

RuleDeclaration business_hours() {
  return rule("window", "DeploymentWindow",
              {{"Cron", "0 0 9-17 ? * MON-FRI *"}, {"TimeZone", "UTC"}});
}

PipelineDeclaration entry_condition(ConditionResult result, RuleDeclaration r) {
  PipelineBuilder b("P");
  b.stage("Source").source("src").stage("A").action("a1").stage("B").action("b1");
  b.before_entry(result, {std::move(r)}).stage("C").action("c1");
  return b.build();
}

void from_branch(Harness& h, const std::string& id, const std::string& branch) {
  h.start(id);
  h.succeed(id, "src", {{"CommitId", "abc"}, {"BranchName", branch}});
  h.run_until_at(id, "B");
}

// 2026-11-21 is a Saturday.
constexpr Timestamp kSaturday10 = 1795255200000;  // 2026-11-21T10:00:00Z
constexpr Timestamp kMonday09 = kSaturday10 + 47 * 60 * kMinuteMs;

}  // namespace

TEST_CASE("S18.68 entry FAIL") {
  Harness h(entry_condition(ConditionResult::Fail, branch_is_main()));
  from_branch(h, "E1", "dev");
  const StageExecution& b = h.stage("E1", "B");
  CHECK(b.entered);
  REQUIRE(b.condition);
  CHECK(b.condition->rules.at(0).status == RuleExecutionStatus::Failed);
  CHECK(b.condition->status == ConditionStatus::Failed);
  CHECK(b.status == St::Failed);
  CHECK(h.attempts("E1", "b1").empty());
  CHECK(h.status("E1") == S::Failed);
  CHECK(h.latest("B") == "E1");
}

TEST_CASE("S18.69 entry SKIP") {
  Harness h(entry_condition(ConditionResult::Skip, branch_is_main()));
  from_branch(h, "E1", "dev");
  CHECK(h.stage_status("E1", "B") == St::Skipped);
  CHECK(h.attempts("E1", "b1").empty());
  h.settle("E1");
  CHECK(h.status("E1") == S::Succeeded);
  // From main the condition is met and b1 runs.
  from_branch(h, "E2", "main");
  CHECK(h.is_running("E2", "b1"));
}

TEST_CASE("S18.70 on-success FAIL then override") {
  PipelineBuilder b("P");
  b.stage("Source").source("src").stage("A").action("a1").stage("B").action("b1");
  b.on_success(
      ConditionResult::Fail,
      {rule("never", "VariableCheck", {{"Variable", "x"}, {"Value", "y"}, {"Operator", "EQ"}})});
  b.stage("C").action("c1");
  Harness h(b.build());
  h.start("E1");
  h.run_until_at("E1", "B");
  h.succeed("E1", "b1");
  CHECK(h.stage_status("E1", "B") == St::Failed);
  CHECK(h.status("E1") == S::Failed);
  const Decision d = h.run(OverrideStageCondition{"P", "B", "E1", ConditionType::OnSuccess});
  REQUIRE(d.accepted());
  CHECK(h.stage("E1", "B").condition->status == ConditionStatus::Overridden);
  CHECK(h.stage_status("E1", "B") == St::Succeeded);
  CHECK(h.status("E1") == S::InProgress);
  CHECK(h.is_running("E1", "c1"));
  h.settle("E1");
  CHECK(h.status("E1") == S::Succeeded);
}

TEST_CASE("S18.71 deployment window waits") {
  Harness h(entry_condition(ConditionResult::Fail, business_hours()), kSaturday10);
  h.start("E1");
  h.run_until_at("E1", "B");
  const StageExecution& b = h.stage("E1", "B");
  CHECK(b.status == St::InProgress);
  CHECK(b.condition->rules.at(0).status == RuleExecutionStatus::InProgress);
  CHECK(h.lock_holder("B") == "E1");
  CHECK_FALSE(h.is_running("E1", "b1"));
  h.advance_to(kMonday09 - 1);
  CHECK_FALSE(h.is_running("E1", "b1"));
  h.advance_to(kMonday09);
  CHECK(h.stage("E1", "B").condition->rules.at(0).status == RuleExecutionStatus::Succeeded);
  CHECK(h.is_running("E1", "b1"));
}

TEST_CASE("S18.72 override") {
  Harness h(entry_condition(ConditionResult::Fail, business_hours()), kSaturday10);
  h.start("E1");
  h.run_until_at("E1", "B");
  REQUIRE(h.run(OverrideStageCondition{"P", "B", "E1", ConditionType::BeforeEntry}).accepted());
  const StageExecution& b = h.stage("E1", "B");
  CHECK(b.condition->rules.at(0).status == RuleExecutionStatus::Abandoned);
  CHECK(b.condition->status == ConditionStatus::Overridden);
  CHECK(h.is_running("E1", "b1"));
  // The re-check timer firing later changes nothing.
  h.advance_to(kMonday09);
  CHECK(h.stage("E1", "B").condition->status == ConditionStatus::Overridden);
  CHECK(h.attempts("E1", "b1").size() == 1);
}

TEST_CASE("S18.73 override forbidden for SKIP") {
  Harness h(entry_condition(ConditionResult::Skip, business_hours()), kSaturday10);
  h.start("E1");
  h.run_until_at("E1", "B");
  CHECK(Harness::error(h.run(OverrideStageCondition{"P", "B", "E1", ConditionType::BeforeEntry})) ==
        "ConditionNotOverridableException");
  CHECK(Harness::error(h.run(OverrideStageCondition{"P", "B", "E9", ConditionType::BeforeEntry})) ==
        "NotLatestPipelineExecutionException");
}

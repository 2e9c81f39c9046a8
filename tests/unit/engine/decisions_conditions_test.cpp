// Pins the engine's choices for rollback and stage conditions where SEMANTICS marks behaviour
// unconfirmed (engine/DECISIONS.md), and the built-in rule evaluators.
#include <catch2/catch.hpp>

#include "engine/cron_expression.hpp"
#include "engine/deployment_window_rule.hpp"
#include "engine/variable_check_rule.hpp"
#include "engine_harness.hpp"
#include "pipeline_builder.hpp"

using namespace lockstep::engine;
using namespace lockstep::engine::testing;
using S = PipelineExecutionStatus;
using St = StageExecutionStatus;

namespace {

constexpr Timestamp kSaturday10 = 1795255200000;  // 2026-11-21T10:00:00Z, a Saturday

RuleDeclaration window() {
  return rule("window", "DeploymentWindow", {{"Cron", "0 0 9-17 ? * MON-FRI *"}});
}

RuleDeclaration never() {
  return rule("never", "VariableCheck", {{"Variable", "a"}, {"Value", "b"}, {"Operator", "EQ"}});
}

RuleEvaluation check(const Configuration& c, Timestamp now = 0) {
  const RuleDeclaration r;
  return RuleEvaluators::builtin()
      .find(c.count("Cron") ? "DeploymentWindow" : "VariableCheck")
      ->evaluate(RuleInput{r, c, now});
}

}  // namespace

TEST_CASE("decision: a rollback execution supersedes a waiter at the stage entry") {
  PipelineBuilder b("P");
  b.stage("Source").source("src").stage("A").action("a1").stage("D").action("d1");
  Harness h(b.build());
  h.start("E1");
  h.settle("E1");
  h.disable("D");
  h.start("E2");
  h.run_until_at("E2", "D");
  REQUIRE(h.run(RollbackStage{"P", "D", "E1", "R"}).accepted());
  CHECK(h.status("E2") == S::Superseded);
  CHECK(h.inbound("D") == std::vector<std::string>{"R"});
}

TEST_CASE("decision: onSuccess ROLLBACK marks the stage Succeeded and the execution continues") {
  PipelineBuilder b("P");
  b.stage("Source").source("src").stage("D").action("d1").on_success(ConditionResult::Rollback,
                                                                     {never()});
  b.stage("C").action("c1");
  Harness h(b.build());
  h.start("E1");
  h.succeed("E1", "src");
  h.succeed("E1", "d1");
  CHECK(h.stage_status("E1", "D") == St::Succeeded);
  CHECK(h.pipeline().executions.size() == 1);  // no earlier success: nothing to roll back to
  h.settle("E1");
  h.start("E2");
  h.succeed("E2", "src");
  h.succeed("E2", "d1");
  CHECK(h.stage_status("E2", "D") == St::Succeeded);
  CHECK(h.is_running("E2", "c1"));
  bool rollback = false;
  for (const auto& [id, e] : h.pipeline().executions) {
    rollback = rollback || (e.executionType == ExecutionType::Rollback &&
                            e.rollbackTargetPipelineExecutionId == "E1");
  }
  CHECK(rollback);
}

TEST_CASE("decision: onFailure conditions are judged once and an undecided rule means not met") {
  PipelineBuilder b("P");
  b.stage("Source").source("src").stage("D").action("d1");
  b.on_failure(ConditionResult::Rollback, {}, {Condition{ConditionResult::Rollback, {window()}}});
  Harness h(b.build(), kSaturday10);
  h.start("E1");
  h.settle("E1");
  h.start("E2");
  h.succeed("E2", "src");
  h.fail("E2", "d1");
  CHECK(h.status("E2") == S::Failed);
  CHECK(h.pipeline().executions.size() == 2);
}

TEST_CASE("decision: stop-and-abandon abandons waiting rules and an update cancels them") {
  PipelineBuilder b("P");
  b.stage("Source").source("src").stage("B").action("b1").before_entry(ConditionResult::Fail,
                                                                       {window()});
  Harness h(b.build(), kSaturday10);
  h.start("E1");
  h.succeed("E1", "src");
  h.stop("E1", true);
  CHECK(h.status("E1") == S::Stopped);
  CHECK(h.stage("E1", "B").condition->status == ConditionStatus::Abandoned);
  CHECK(h.stage("E1", "B").condition->rules[0].status == RuleExecutionStatus::Abandoned);

  h.start("E2");
  h.succeed("E2", "src");
  h.update(b.build());
  CHECK(h.status("E2") == S::Cancelled);
  CHECK(h.stage("E2", "B").condition->status == ConditionStatus::Cancelled);
}

TEST_CASE("decision: stop-and-wait while a rule waits ends when the rule decides") {
  PipelineBuilder b("P");
  b.stage("Source").source("src").stage("B").action("b1").before_entry(ConditionResult::Fail,
                                                                       {window()});
  Harness h(b.build(), kSaturday10);
  h.start("E1");
  h.succeed("E1", "src");
  h.stop("E1");
  CHECK(h.status("E1") == S::Stopping);
  h.advance_to(kSaturday10 + 3 * kDayMs);
  CHECK(h.status("E1") == S::Stopped);
  CHECK(h.attempts("E1", "b1").empty());
}

TEST_CASE("decision: a rule provider without an evaluator fails the rule") {
  PipelineBuilder b("P");
  b.stage("Source").source("src").stage("B").action("b1");
  b.before_entry(ConditionResult::Fail, {rule("alarm", "CloudWatchAlarm", {{"AlarmName", "x"}})});
  Harness h(b.build());
  h.start("E1");
  h.succeed("E1", "src");
  CHECK(h.stage("E1", "B").condition->rules[0].status == RuleExecutionStatus::Failed);
  CHECK(h.status("E1") == S::Failed);
}

TEST_CASE("decision: BEFORE_ENTRY cannot be overridden after the condition failed") {
  PipelineBuilder b("P");
  b.stage("Source").source("src").stage("B").action("b1").before_entry(ConditionResult::Fail,
                                                                       {never()});
  Harness h(b.build());
  h.start("E1");
  h.succeed("E1", "src");
  REQUIRE(h.status("E1") == S::Failed);
  CHECK(Harness::error(h.run(OverrideStageCondition{"P", "B", "E1", ConditionType::BeforeEntry})) ==
        "ConditionNotOverridableException");
}

TEST_CASE("decision: ON_SUCCESS override after a pipeline update is refused") {
  PipelineBuilder b("P");
  b.stage("Source").source("src").stage("B").action("b1").on_success(ConditionResult::Fail,
                                                                     {never()});
  Harness h(b.build());
  h.start("E1");
  h.succeed("E1", "src");
  h.succeed("E1", "b1");
  REQUIRE(h.status("E1") == S::Failed);
  h.update(b.build());
  CHECK(Harness::error(h.run(OverrideStageCondition{"P", "B", "E1", ConditionType::OnSuccess})) ==
        "ConditionNotOverridableException");
}

TEST_CASE("decision: VariableCheck operators and whole-string MATCHES") {
  CHECK(check({{"Variable", "main"}, {"Value", "main"}, {"Operator", "EQ"}}).status ==
        RuleExecutionStatus::Succeeded);
  CHECK(check({{"Variable", "main"}, {"Value", "dev"}, {"Operator", "NE"}}).status ==
        RuleExecutionStatus::Succeeded);
  CHECK(check({{"Variable", "release-1"}, {"Value", "ease"}, {"Operator", "CONTAINS"}}).status ==
        RuleExecutionStatus::Succeeded);
  CHECK(check({{"Variable", "release-1"}, {"Value", "release-[0-9]+"}, {"Operator", "MATCHES"}})
            .status == RuleExecutionStatus::Succeeded);
  CHECK(check({{"Variable", "release-1x"}, {"Value", "release-[0-9]+"}, {"Operator", "MATCHES"}})
            .status == RuleExecutionStatus::Failed);
  CHECK(check({{"Variable", "a"}, {"Value", "("}, {"Operator", "MATCHES"}}).status ==
        RuleExecutionStatus::Failed);
}

TEST_CASE("decision: DeploymentWindow time zones and cron features") {
  // Saturday 10:00 UTC is Saturday 12:00 at UTC+02:00: inside a weekend noon window.
  CHECK(check({{"Cron", "0 0 12 ? * SAT *"}, {"TimeZone", "UTC+02:00"}}, kSaturday10).status ==
        RuleExecutionStatus::Succeeded);
  CHECK(check({{"Cron", "0 0 12 ? * SAT *"}, {"TimeZone", "Europe/Paris"}}, kSaturday10).status ==
        RuleExecutionStatus::Failed);
  const RuleEvaluation waiting = check({{"Cron", "0 30 9 ? * MON *"}}, kSaturday10);
  CHECK(waiting.status == RuleExecutionStatus::InProgress);
  CHECK(waiting.recheckAt == std::optional<Timestamp>(kSaturday10 + (47 * 60 + 30) * kMinuteMs));
  std::string error;
  auto last_weekday = CronExpression::parse("0 0 0 LW * ?", error);
  REQUIRE(last_weekday);
  CHECK(last_weekday->matches_minute(1795996800000));  // Monday 2026-11-30, the last day
  CHECK(last_weekday->matches_minute(1793318400000));  // Friday 2026-10-30: the 31st is a Saturday
  CHECK_FALSE(last_weekday->matches_minute(1793404800000));  // Saturday 2026-10-31
  CHECK(last_weekday->matches_minute(1780012800000));  // Friday 2026-05-29: the 31st is a Sunday
  auto fifteenth = CronExpression::parse("0 0 0 15W * ?", error);
  REQUIRE(fifteenth);
  CHECK(fifteenth->matches_minute(1794787200000));        // Monday 2026-11-16 for Sunday the 15th
  CHECK_FALSE(fifteenth->matches_minute(1794700800000));  // Sunday 2026-11-15 itself
  CHECK(fifteenth->matches_minute(1786665600000));        // Friday 2026-08-14 for Saturday the 15th
  auto first = CronExpression::parse("0 0 0 1W * ?", error);
  REQUIRE(first);
  CHECK(first->matches_minute(1785715200000));        // Monday 2026-08-03: Saturday the 1st
  CHECK_FALSE(first->matches_minute(1785456000000));  // never Friday 2026-07-31, another month
  auto thirty_first = CronExpression::parse("0 0 0 31W * ?", error);
  REQUIRE(thirty_first);
  CHECK(thirty_first->matches_minute(1780012800000));  // Friday 2026-05-29: Sunday the 31st is last
  CHECK(thirty_first->next_minute(1794528000000) ==
        std::optional<Timestamp>(1798675200000));  // Thursday 2026-12-31: November has no 31st
  CHECK_FALSE(CronExpression::parse("0 0 0 32W * ?", error));
  CHECK_FALSE(CronExpression::parse("0 0 0 1-5W * ?", error));
  auto last_friday = CronExpression::parse("0 0 0 ? * 6L", error);
  REQUIRE(last_friday);
  CHECK(last_friday->matches_minute(1795737600000));        // 2026-11-27, the last Friday
  CHECK_FALSE(last_friday->matches_minute(1795132800000));  // 2026-11-20
  auto second_monday = CronExpression::parse("0 * * ? NOV MON#2 2026", error);
  REQUIRE(second_monday);
  CHECK(second_monday->matches_minute(1794182400000));        // 2026-11-09
  CHECK_FALSE(second_monday->matches_minute(1794787200000));  // 2026-11-16, the third Monday
}

TEST_CASE("decision: ON_SUCCESS override while the condition waits ends the stage Succeeded") {
  PipelineBuilder b("P");
  b.stage("Source").source("src").stage("B").action("b1").on_success(ConditionResult::Fail,
                                                                     {window()});
  b.stage("C").action("c1");
  Harness h(b.build(), kSaturday10);
  h.start("E1");
  h.succeed("E1", "src");
  h.succeed("E1", "b1");
  REQUIRE(h.stage("E1", "B").condition->status == ConditionStatus::InProgress);
  CHECK(h.lock_holder("B") == "E1");
  REQUIRE(h.run(OverrideStageCondition{"P", "B", "E1", ConditionType::OnSuccess}).accepted());
  CHECK(h.stage("E1", "B").condition->status == ConditionStatus::Overridden);
  CHECK(h.stage_status("E1", "B") == St::Succeeded);
  CHECK(h.is_running("E1", "c1"));
}

TEST_CASE("decision: a failing rollback execution ends Failed and starts no further rollback") {
  PipelineBuilder b("P");
  b.stage("Source").source("src").stage("D").action("d1").on_failure(ConditionResult::Rollback);
  Harness h(b.build());
  h.start("E1");
  h.settle("E1");
  h.start("E2");
  h.succeed("E2", "src");
  h.fail("E2", "d1");
  REQUIRE(h.pipeline().executions.size() == 3);
  const std::string r = h.pipeline().executionOrder.back();
  h.fail(r, "d1");
  CHECK(h.status(r) == S::Failed);
  CHECK(h.pipeline().executions.size() == 3);
}

TEST_CASE("decision: automatic retry with ALL_ACTIONS re-runs the whole stage once") {
  PipelineBuilder b("P");
  b.stage("Source").source("src").stage("B").action("x", 1).action("y", 2);
  b.on_failure(ConditionResult::Retry, StageRetryMode::AllActions);
  Harness h(b.build());
  h.start("E1");
  h.succeed("E1", "src");
  h.succeed("E1", "x");
  h.fail("E1", "y");
  CHECK(h.is_running("E1", "x"));
  CHECK(h.attempts("E1", "x").size() == 2);
  h.settle("E1");
  CHECK(h.status("E1") == S::Succeeded);
}

// The execution documents: everything the engine keeps reads back exactly as written.
#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>
#include <string>
#include <type_traits>

#include <nlohmann/json.hpp>

#include "storage/execution_document.hpp"
#include "storage/storage_error.hpp"
#include "tests/unit/storage/sample_execution.hpp"

using lockstep::storage::from_document;
using lockstep::storage::from_json;
using lockstep::storage::StorageError;
using lockstep::storage::to_document;
using lockstep::storage::to_json;
using lockstep::testing::rich_execution;
using lockstep::testing::rich_start_action;
namespace engine = lockstep::engine;

namespace {

template <typename T>
T round_trip(const T& value) {
  T out;
  from_json(to_json(value), out);
  return out;
}

#define CHECK_NOT_DEFAULT(object, field) \
  CHECK((object).field != std::remove_cvref_t<decltype(object)>{}.field)

}  // namespace

TEST_CASE("the sample execution sets every field to something other than its default") {
  const engine::PipelineExecution e = rich_execution();
  CHECK_NOT_DEFAULT(e, pipelineExecutionId);
  CHECK_NOT_DEFAULT(e, pipelineName);
  CHECK_NOT_DEFAULT(e, sequence);
  CHECK_NOT_DEFAULT(e, pipelineVersion);
  CHECK_NOT_DEFAULT(e, executionMode);
  CHECK_NOT_DEFAULT(e, executionType);
  CHECK_NOT_DEFAULT(e, rollbackTargetPipelineExecutionId);
  CHECK_NOT_DEFAULT(e, status);
  CHECK_NOT_DEFAULT(e, statusSummary);
  CHECK_NOT_DEFAULT(e, trigger.triggerType);
  CHECK_NOT_DEFAULT(e, trigger.triggerDetail);
  CHECK_NOT_DEFAULT(e, stopReason);
  CHECK_NOT_DEFAULT(e, stopMode);
  CHECK_NOT_DEFAULT(e, sourceRevisions);
  CHECK_NOT_DEFAULT(e, variables);
  CHECK_NOT_DEFAULT(e, startTime);
  CHECK_NOT_DEFAULT(e, lastUpdateTime);
  CHECK_NOT_DEFAULT(e, attempt);
  CHECK_NOT_DEFAULT(e, position);
  CHECK_NOT_DEFAULT(e, stageIndex);
  CHECK_NOT_DEFAULT(e, lastStageIndex);
  CHECK_NOT_DEFAULT(e, cancelPending);
  CHECK_NOT_DEFAULT(e, stageExecutions);
  CHECK_NOT_DEFAULT(e, actionExecutions);
  CHECK_NOT_DEFAULT(e, artifacts);
  CHECK_NOT_DEFAULT(e, namespaceVariables);

  const engine::StageExecution& s = e.stageExecutions.at(0);
  CHECK_NOT_DEFAULT(s, stageName);
  CHECK_NOT_DEFAULT(s, entered);
  CHECK_NOT_DEFAULT(s, status);
  CHECK_NOT_DEFAULT(s, type);
  CHECK_NOT_DEFAULT(s, latestAttempt);
  CHECK_NOT_DEFAULT(s, autoStageRetryAttempt);
  CHECK_NOT_DEFAULT(s, manualStageRetryAttempt);
  CHECK_NOT_DEFAULT(s, latestRetryTrigger);
  CHECK_NOT_DEFAULT(s, retryInProgress);
  CHECK_NOT_DEFAULT(s, condition);
  CHECK_NOT_DEFAULT(s, failedByOnSuccessCondition);

  const engine::ConditionExecution& c = *s.condition;
  CHECK_NOT_DEFAULT(c, conditionType);
  CHECK_NOT_DEFAULT(c, status);
  CHECK_NOT_DEFAULT(c, result);
  CHECK_NOT_DEFAULT(c, rules);
  CHECK_NOT_DEFAULT(c, summary);

  const engine::RuleExecution& r = c.rules.at(0);
  CHECK_NOT_DEFAULT(r, ruleExecutionId);
  CHECK_NOT_DEFAULT(r, ruleName);
  CHECK_NOT_DEFAULT(r, status);
  CHECK_NOT_DEFAULT(r, summary);
  CHECK_NOT_DEFAULT(r, resolvedConfiguration);
  CHECK_NOT_DEFAULT(r, startTime);
  CHECK_NOT_DEFAULT(r, lastUpdateTime);
  CHECK_NOT_DEFAULT(r, timerId);

  const engine::ActionExecution& a = e.actionExecutions.at(1);
  CHECK_NOT_DEFAULT(a, actionExecutionId);
  CHECK_NOT_DEFAULT(a, stageName);
  CHECK_NOT_DEFAULT(a, actionName);
  CHECK_NOT_DEFAULT(a, status);
  CHECK_NOT_DEFAULT(a, summary);
  CHECK_NOT_DEFAULT(a, updatedBy);
  CHECK_NOT_DEFAULT(a, startTime);
  CHECK_NOT_DEFAULT(a, lastUpdateTime);
  CHECK_NOT_DEFAULT(a, resolvedConfiguration);
  CHECK_NOT_DEFAULT(a, inputArtifacts);
  CHECK_NOT_DEFAULT(a, outputArtifacts);
  CHECK_NOT_DEFAULT(a, outputVariables);
  CHECK_NOT_DEFAULT(a, externalExecutionId);
  CHECK_NOT_DEFAULT(a, externalExecutionUrl);
  CHECK_NOT_DEFAULT(a, externalExecutionSummary);
  CHECK_NOT_DEFAULT(a, errorDetails);
  CHECK_NOT_DEFAULT(a, token);
  CHECK_NOT_DEFAULT(a, timerId);
  CHECK_NOT_DEFAULT(a, approvalAnswered);
  CHECK_NOT_DEFAULT(a, timedOut);
  CHECK(e.actionExecutions.at(0).actionIndex == 0);
  CHECK(e.actionExecutions.at(1).actionIndex == 0);
}

TEST_CASE("an execution with every field set reads back equal from its document") {
  const engine::PipelineExecution e = rich_execution();
  CHECK(round_trip(e) == e);
  CHECK(from_document<engine::PipelineExecution>(to_document(e), "test") == e);

  engine::PipelineExecution index_set = e;
  index_set.actionExecutions[1].actionIndex = 4;
  CHECK(round_trip(index_set) == index_set);
}

TEST_CASE("an execution stored apart from its attempts reads back whole with their documents") {
  const engine::PipelineExecution e = rich_execution();
  const std::string own = to_document(e, lockstep::storage::Attempts::Apart);
  CHECK_FALSE(nlohmann::json::parse(own).contains("actions"));
  CHECK(own.size() < to_document(e).size());

  auto back = from_document<engine::PipelineExecution>(own, "test");
  CHECK(back.actionExecutions.empty());
  for (const engine::ActionExecution& a : e.actionExecutions) {
    back.actionExecutions.push_back(
        from_document<engine::ActionExecution>(to_document(a), "attempt " + a.actionExecutionId));
  }
  CHECK(back == e);
  CHECK(to_document(engine::ActionExecution{}) == "{}");
}

TEST_CASE("an execution at its defaults is an empty document and reads back equal") {
  const engine::PipelineExecution empty;
  CHECK(to_document(empty) == "{}");
  CHECK(round_trip(empty) == empty);
}

TEST_CASE("a stop reason that is present but empty stays distinct from an absent one") {
  engine::PipelineExecution e = rich_execution();
  e.stopReason = "";
  CHECK(round_trip(e).stopReason == std::optional<std::string>(""));
  e.stopReason.reset();
  CHECK_FALSE(round_trip(e).stopReason.has_value());
}

TEST_CASE("stage states with their transitions read back equal") {
  engine::StageState stage;
  stage.stageName = "Build";
  stage.lockHolder = "e1";
  stage.inboundExecutions = {"e2", "e3"};
  stage.heldExecutions = {"e4"};
  stage.latestExecutionId = "e1";
  stage.inboundTransition = {false, "frozen for " + lockstep::testing::kAwkwardText, "alice", 42};
  CHECK(round_trip(stage) == stage);
  CHECK(round_trip(engine::StageState{}) == engine::StageState{});
}

TEST_CASE("timers of both kinds read back equal") {
  engine::PendingTimer approval{"approval-timeout:a1",
                                engine::TimerKind::ApprovalTimeout,
                                1'700'000'000'000,
                                "demo",
                                "e1",
                                "a1",
                                "",
                                ""};
  engine::PendingTimer recheck{
      "rule-recheck:r1", engine::TimerKind::RuleRecheck, 5, "demo", "e1", "", "Deploy", "r1"};
  CHECK(round_trip(approval) == approval);
  CHECK(round_trip(recheck) == recheck);
}

TEST_CASE("outbox effects read back equal with the whole action declaration") {
  const engine::StartAction start = rich_start_action();
  CHECK(round_trip(start) == start);
  engine::StartAction no_timeout = start;
  no_timeout.action.timeoutInMinutes.reset();
  CHECK(round_trip(no_timeout) == no_timeout);

  const engine::CancelAction cancel{"a1", "e1", "stopped and abandoned"};
  CHECK(round_trip(cancel) == cancel);
}

TEST_CASE("an id source reads back equal across the whole unsigned range") {
  const engine::IdSource ids{std::numeric_limits<std::uint64_t>::max(), 123456789};
  CHECK(round_trip(ids) == ids);
  CHECK(round_trip(engine::IdSource{}) == engine::IdSource{});
}

TEST_CASE("enums are spelled as the API spells them") {
  const nlohmann::json j = to_json(rich_execution());
  CHECK(j.at("status") == "Stopping");
  CHECK(j.at("mode") == "PARALLEL");
  CHECK(j.at("type") == "ROLLBACK");
  CHECK(j.at("stages").at(0).at("retryTrigger") == "ManualStageRetry");
  CHECK(j.at("stages").at(0).at("condition").at("type") == "ON_SUCCESS");
  CHECK(j.at("stages").at(0).at("condition").at("result") == "ROLLBACK");
  CHECK(j.at("actions").at(0).at("status") == "Failed");

  const nlohmann::json start = to_json(rich_start_action());
  CHECK(start.at("action").at("typeId").at("category") == "Compute");
  CHECK(start.at("action").at("typeId").at("owner") == "Custom");
}

TEST_CASE("an unknown enum value in a stored document is an error naming the member") {
  nlohmann::json j = to_json(rich_execution());
  j["stages"][1]["status"] = "Paused";
  engine::PipelineExecution out;
  CHECK_THROWS_AS(from_json(j, out), StorageError);
  CHECK_THROWS_WITH(from_json(j, out),
                    Catch::Contains("stages[1].status") && Catch::Contains("'Paused'"));

  nlohmann::json timer = to_json(engine::PendingTimer{});
  timer["kind"] = "Alarm";
  engine::PendingTimer t;
  CHECK_THROWS_WITH(from_json(timer, t), Catch::Contains("kind") && Catch::Contains("'Alarm'"));
}

TEST_CASE("a stored value of the wrong type is an error naming the member") {
  nlohmann::json j = to_json(rich_execution());
  j["actions"][2]["start"] = "yesterday";
  CHECK_THROWS_WITH(from_document<engine::PipelineExecution>(j.dump(), "execution e1"),
                    Catch::Contains("execution e1") && Catch::Contains("actions[2].start"));

  j = to_json(rich_execution());
  j["attempt"] = 1e300;
  engine::PipelineExecution out;
  CHECK_THROWS_WITH(from_json(j, out), Catch::Contains("attempt"));

  j = to_json(rich_execution());
  j["stageIndex"] = -1;
  CHECK_THROWS_WITH(from_json(j, out), Catch::Contains("stageIndex"));
}

TEST_CASE("a stored document that is not JSON is an error saying which document") {
  CHECK_THROWS_WITH(from_document<engine::PipelineExecution>("{\"id\": ", "execution e9"),
                    Catch::Contains("execution e9") && Catch::Contains("not JSON"));
}

TEST_CASE("text that is not UTF-8 is stored with replacement characters instead of failing") {
  engine::PipelineExecution e = rich_execution();
  e.statusSummary = std::string("bad \xff byte, cut \xe6\x97 off, surrogate \xed\xa0\x80 end");
  const auto back = from_document<engine::PipelineExecution>(to_document(e), "test");
  CHECK(back.statusSummary ==
        "bad \xef\xbf\xbd byte, cut \xef\xbf\xbd\xef\xbf\xbd off, surrogate "
        "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd end");
  CHECK(back.actionExecutions == e.actionExecutions);
}

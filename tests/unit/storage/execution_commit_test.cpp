// ExecutionStore::commit on SQLite: what one commit writes, a reopened database reads back.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "tests/unit/storage/execution_store_fixture.hpp"
#include "tests/unit/storage/sample_execution.hpp"

namespace {

using lockstep::engine::ActionExecutionStatus;
using lockstep::engine::CancelAction;
using lockstep::engine::ClientRequestToken;
using lockstep::engine::ExecutionChanges;
using lockstep::engine::IdSource;
using lockstep::engine::PendingTimer;
using lockstep::engine::PipelineExecution;
using lockstep::engine::PipelineStageStates;
using lockstep::engine::StageState;
using lockstep::engine::StoredExecutionState;
using lockstep::engine::TimerKind;
using lockstep::testing::changes_of;
using lockstep::testing::plain_execution;
using lockstep::testing::rich_execution;
using lockstep::testing::rich_start_action;
using Fixture = lockstep::testing::ExecutionStoreFixture;
using Status = lockstep::engine::PipelineExecutionStatus;

}  // namespace

TEST_CASE("a committed execution reads back equal after the database is reopened") {
  Fixture f;
  const PipelineExecution e = rich_execution("demo");
  f.store->commit(changes_of({&e}, {0xfedcba9876543210ULL, 99}));

  const StoredExecutionState stored = f.reopen_and_load();
  REQUIRE(stored.executions.size() == 1);
  CHECK(stored.executions[0] == e);
  REQUIRE(stored.ids);
  CHECK(*stored.ids == IdSource{0xfedcba9876543210ULL, 99});
}

TEST_CASE("the listing columns of a committed execution are spelled as the API spells them") {
  Fixture f;
  const PipelineExecution e = rich_execution("demo", "e1");
  f.store->commit(changes_of({&e}));

  CHECK(f.text("SELECT status || ' ' || execution_mode || ' ' || execution_type || ' ' || "
               "ordinal || ' ' || pipeline_version || ' ' || trigger_type "
               "FROM pipeline_executions WHERE id = 'e1'") ==
        "Stopping PARALLEL ROLLBACK 7 3 WebhookV2");
  CHECK(f.text("SELECT variables FROM pipeline_executions WHERE id = 'e1'") ==
        R"([{"name":"Env","resolvedValue":"prod"},{"name":"Empty","resolvedValue":""}])");
  // One row per entered stage, one per attempt numbered within its action.
  CHECK(f.count("SELECT count(*) FROM stage_executions WHERE execution_id = 'e1'") == 2);
  CHECK(f.text("SELECT status || ' ' || latest_retry_trigger || ' ' || manual_retry_attempts "
               "FROM stage_executions WHERE stage_name = 'Source'") ==
        "Succeeded ManualStageRetry 2");
  CHECK(f.text("SELECT group_concat(action_name || ':' || attempt || ':' || status, ' ') FROM "
               "(SELECT * FROM action_executions ORDER BY start_time, id)") ==
        "Checkout:1:Failed Compile:1:Failed Compile:2:InProgress");
  CHECK(f.count("SELECT count(*) FROM action_executions WHERE token_hash IS NOT NULL") == 0);
}

TEST_CASE("a later commit of a changed execution replaces what the earlier one wrote") {
  Fixture f;
  PipelineExecution e = rich_execution("demo", "e1", 1, Status::InProgress);
  f.store->commit(changes_of({&e}));

  e.status = Status::Succeeded;
  e.actionExecutions[2].status = ActionExecutionStatus::Succeeded;
  e.actionExecutions.push_back(lockstep::testing::rich_attempt("a3", "Build", "Compile", 0));
  f.store->commit(changes_of({&e}));

  const StoredExecutionState stored = f.reopen_and_load();
  REQUIRE(stored.executions.size() == 1);
  CHECK(stored.executions[0] == e);
  CHECK(f.text("SELECT status FROM pipeline_executions WHERE id = 'e1'") == "Succeeded");
  CHECK(f.text("SELECT attempt || ' ' || status FROM action_executions WHERE id = 'a3'") ==
        "3 Failed");
  CHECK(f.text("SELECT status FROM action_executions WHERE id = 'a2-e1'") == "Succeeded");
}

TEST_CASE("committing an unchanged running execution again leaves its rows alone") {
  Fixture f;
  const PipelineExecution e = rich_execution("demo", "e1", 1, Status::InProgress);
  f.store->commit(changes_of({&e}));
  f.raw().exec("UPDATE pipeline_executions SET status_summary = 'touched' WHERE id = 'e1'");

  f.store->commit(changes_of({&e}));
  CHECK(f.text("SELECT status_summary FROM pipeline_executions WHERE id = 'e1'") == "touched");

  // After a restart nothing is known to be stored, so everything is written again.
  f.reopen_and_load();
  f.store->commit(changes_of({&e}));
  CHECK(f.text("SELECT status_summary FROM pipeline_executions WHERE id = 'e1'") ==
        e.statusSummary);
}

TEST_CASE("stage states and their transitions read back as committed") {
  Fixture f;
  const PipelineExecution e1 = plain_execution("demo", "e1", 1, Status::InProgress);
  const PipelineExecution e2 = plain_execution("demo", "e2", 2, Status::InProgress);
  StageState source;
  source.stageName = "Source";
  source.lockHolder = "e1";
  source.latestExecutionId = "e1";
  StageState build;
  build.stageName = "Build";
  build.inboundExecutions = {"e2"};
  build.heldExecutions = {"e1"};
  build.inboundTransition = {false, "release freeze", "alice", 1234};
  ExecutionChanges changes = changes_of({&e1, &e2});
  changes.stageStates = {PipelineStageStates{"demo", {build, source}}};
  f.store->commit(changes);

  StoredExecutionState stored = f.reopen_and_load();
  REQUIRE(stored.stageStates.size() == 1);
  CHECK(stored.stageStates[0].pipelineName == "demo");
  CHECK(stored.stageStates[0].stages == std::vector<StageState>{build, source});
  // Only a transition someone changed has a row.
  CHECK(f.count("SELECT count(*) FROM transitions") == 1);
  CHECK(f.text("SELECT disabled_reason FROM transitions WHERE stage_name = 'Build'") ==
        "release freeze");

  // Enabled again: still a row, since it records who changed it. A stage gone: no rows.
  build.inboundTransition = {true, "", "bob", 5678};
  build.inboundExecutions.clear();
  changes = changes_of({});
  changes.stageStates = {PipelineStageStates{"demo", {build}}};
  f.store->commit(changes);
  stored = f.store->load(10);
  REQUIRE(stored.stageStates.size() == 1);
  CHECK(stored.stageStates[0].stages == std::vector<StageState>{build});
  CHECK(f.count("SELECT count(*) FROM stage_states") == 1);

  // Back to the default: no row at all, and it still reads back as the default.
  build.inboundTransition = {};
  changes.stageStates = {PipelineStageStates{"demo", {build}}};
  f.store->commit(changes);
  CHECK(f.count("SELECT count(*) FROM transitions") == 0);
  stored = f.reopen_and_load();
  REQUIRE(stored.stageStates.size() == 1);
  CHECK(stored.stageStates[0].stages == std::vector<StageState>{build});
}

TEST_CASE("timers are stored when set and gone when cleared") {
  Fixture f;
  const PipelineExecution e = plain_execution("demo", "e1", 1, Status::InProgress);
  const PendingTimer approval{
      "approval-timeout:a1", TimerKind::ApprovalTimeout, 9000, "demo", "e1", "a1", "", ""};
  const PendingTimer recheck{
      "rule-recheck:r1", TimerKind::RuleRecheck, 5000, "demo", "e1", "", "Build", "r1"};
  // An execution without a row must not make the insert fail.
  const PendingTimer orphan{
      "rule-recheck:r2", TimerKind::RuleRecheck, 7000, "demo", "missing", "", "Build", "r2"};
  ExecutionChanges changes = changes_of({&e});
  changes.timersSet = {&approval, &recheck, &orphan};
  f.store->commit(changes);
  CHECK(f.count("SELECT count(*) FROM timers WHERE execution_id IS NULL") == 1);

  StoredExecutionState stored = f.reopen_and_load();
  CHECK(stored.timers == std::vector<PendingTimer>{recheck, orphan, approval});  // by fire time

  PendingTimer moved = approval;
  moved.fireAt = 100;
  changes = changes_of({});
  changes.timersSet = {&moved};
  changes.timersCleared = {"rule-recheck:r1", "rule-recheck:r2"};
  f.store->commit(changes);
  stored = f.reopen_and_load();
  CHECK(stored.timers == std::vector<PendingTimer>{moved});
}

TEST_CASE("outbox seqs increase and acknowledged entries are not loaded") {
  Fixture f;
  const PipelineExecution e = plain_execution("demo", "exec-1", 1, Status::InProgress);
  const auto start = rich_start_action("exec-1");
  const CancelAction cancel{"attempt-0", "exec-1", "abandoned"};
  ExecutionChanges changes = changes_of({&e});
  changes.outboxAdded = {start, cancel};
  const std::vector<std::int64_t> first = f.store->commit(changes);
  REQUIRE(first.size() == 2);
  CHECK(first[0] < first[1]);

  changes = changes_of({});
  const CancelAction later{"attempt-1", "exec-1", "stopped"};
  changes.outboxAdded = {later};
  changes.outboxAcknowledged = {first[1]};
  const std::vector<std::int64_t> second = f.store->commit(changes);
  REQUIRE(second.size() == 1);
  CHECK(second[0] > first[1]);

  const StoredExecutionState stored = f.reopen_and_load();
  REQUIRE(stored.outbox.size() == 2);
  CHECK(stored.outbox[0].seq == first[0]);
  CHECK(stored.outbox[0].effect == lockstep::engine::OutboxEffect(start));
  CHECK(stored.outbox[1].seq == second[0]);
  CHECK(stored.outbox[1].effect == lockstep::engine::OutboxEffect(later));
  CHECK(f.count("SELECT count(*) FROM outbox") == 2);  // acknowledged rows are deleted
  CHECK(f.text("SELECT action_execution_id || ' ' || execution_id || ' ' || created_at FROM "
               "outbox WHERE kind = 'StartAction'") == "attempt-exec-1 exec-1 1001");

  // Never reused, even after the newest entry is acknowledged and the process restarts.
  changes = changes_of({});
  changes.outboxAcknowledged = {second[0]};
  f.store->commit(changes);
  f.reopen_and_load();
  changes.outboxAcknowledged.clear();
  changes.outboxAdded = {later};
  CHECK(f.store->commit(changes).at(0) > second[0]);
}

TEST_CASE("client request tokens read back and one for an execution without a row is skipped") {
  Fixture f;
  const PipelineExecution e = plain_execution("demo", "e1", 1, Status::InProgress);
  ExecutionChanges changes = changes_of({&e});
  changes.clientRequestTokens = {{"demo", "token-1", "e1"}, {"demo", "token-2", "missing"}};
  f.store->commit(changes);

  const StoredExecutionState stored = f.reopen_and_load();
  REQUIRE(stored.clientRequestTokens.size() == 1);
  const ClientRequestToken& token = stored.clientRequestTokens[0];
  CHECK(token.pipelineName == "demo");
  CHECK(token.token == "token-1");
  CHECK(token.pipelineExecutionId == "e1");
  CHECK(f.text("SELECT request_hash || '|' || created FROM idempotency_tokens") == "|1001");
}

TEST_CASE("a commit that fails part-way leaves the database as it was") {
  Fixture f;
  PipelineExecution e = rich_execution("demo", "e1", 1, Status::InProgress);
  f.store->commit(changes_of({&e}, {1, 1}));
  const StoredExecutionState before = f.store->load(10);

  // A write late in the batch fails, as a full disk would make it.
  f.raw().exec(
      "CREATE TRIGGER refuse_outbox BEFORE INSERT ON outbox "
      "BEGIN SELECT RAISE(ABORT, 'no space left'); END");
  e.status = Status::Failed;
  e.actionExecutions.push_back(lockstep::testing::rich_attempt("a9", "Build", "Compile", 0));
  StageState stage;
  stage.stageName = "Build";
  stage.lockHolder = "e1";
  const PendingTimer timer{"t1", TimerKind::ApprovalTimeout, 10, "demo", "e1", "a1", "", ""};
  ExecutionChanges changes = changes_of({&e}, {1, 2});
  changes.stageStates = {PipelineStageStates{"demo", {stage}}};
  changes.timersSet = {&timer};
  changes.outboxAdded = {rich_start_action("e1")};
  CHECK_THROWS_WITH(f.store->commit(changes), Catch::Contains("no space left"));

  const StoredExecutionState after = f.store->load(10);
  CHECK(after.executions == before.executions);
  CHECK(after.ids == before.ids);
  CHECK(after.stageStates.empty());
  CHECK(after.timers.empty());
  CHECK(f.count("SELECT count(*) FROM action_executions WHERE id = 'a9'") == 0);

  // Once the cause is gone the same batch is written in full.
  f.raw().exec("DROP TRIGGER refuse_outbox");
  f.store->commit(changes);
  const StoredExecutionState retried = f.reopen_and_load();
  REQUIRE(retried.executions.size() == 1);
  CHECK(retried.executions[0] == e);
  CHECK(retried.ids == IdSource{1, 2});
  CHECK(retried.timers.size() == 1);
  CHECK(retried.outbox.size() == 1);
  CHECK(f.count("SELECT count(*) FROM action_executions WHERE id = 'a9'") == 1);
}

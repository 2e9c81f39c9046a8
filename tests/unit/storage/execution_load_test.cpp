// ExecutionStore::load on SQLite: which executions a restart gets, and what it refuses to guess.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "tests/unit/storage/execution_store_fixture.hpp"
#include "tests/unit/storage/sample_execution.hpp"

namespace {

using lockstep::engine::CancelAction;
using lockstep::engine::ExecutionChanges;
using lockstep::engine::PendingTimer;
using lockstep::engine::PipelineExecution;
using lockstep::engine::PipelineStageStates;
using lockstep::engine::StageState;
using lockstep::engine::StoredExecutionState;
using lockstep::engine::TimerKind;
using lockstep::storage::StorageError;
using lockstep::testing::changes_of;
using lockstep::testing::ids_of;
using lockstep::testing::plain_execution;
using lockstep::testing::rich_execution;
using lockstep::testing::rich_start_action;
using Fixture = lockstep::testing::ExecutionStoreFixture;
using Status = lockstep::engine::PipelineExecutionStatus;

}  // namespace

TEST_CASE("a fresh database has no id source and nothing to resume") {
  Fixture f;
  const StoredExecutionState stored = f.store->load(10);
  CHECK_FALSE(stored.ids.has_value());
  CHECK(stored.executions.empty());
  CHECK(stored.stageStates.empty());
  CHECK(stored.timers.empty());
  CHECK(stored.outbox.empty());
  CHECK(stored.clientRequestTokens.empty());
}

TEST_CASE("load returns running executions those a stage names and only the newest finished") {
  Fixture f;
  const std::vector<PipelineExecution> demo = {
      plain_execution("demo", "d1", 1, Status::Succeeded),
      plain_execution("demo", "d2", 2, Status::Failed),
      plain_execution("demo", "d3", 3, Status::InProgress),
      plain_execution("demo", "d4", 4, Status::Succeeded),
      plain_execution("demo", "d5", 5, Status::Stopping),
      plain_execution("demo", "d6", 6, Status::Superseded),
      plain_execution("demo", "d7", 7, Status::Stopped),
      plain_execution("demo", "d8", 8, Status::Cancelled),
  };
  const std::vector<PipelineExecution> other = {
      plain_execution("other", "o1", 1, Status::Succeeded),
      plain_execution("other", "o2", 2, Status::Succeeded),
      plain_execution("other", "o3", 3, Status::Succeeded),
  };
  ExecutionChanges changes;
  // Written newest first: the order of the batch is not the order of loading.
  for (auto it = demo.rbegin(); it != demo.rend(); ++it) changes.executions.push_back(&*it);
  for (const auto& e : other) changes.executions.push_back(&e);
  StageState source;
  source.stageName = "Source";
  source.latestExecutionId = "d1";
  changes.stageStates = {PipelineStageStates{"demo", {source}}};
  f.store->commit(changes);

  StoredExecutionState stored = f.reopen_and_load(2);
  CHECK(ids_of(stored) == std::vector<std::string>{"d1", "d3", "d5", "d7", "d8", "o2", "o3"});
  CHECK(stored.executions.at(0) == demo[0]);

  stored = f.store->load(0);
  CHECK(ids_of(stored) == std::vector<std::string>{"d1", "d3", "d5"});

  stored = f.store->load(100);
  CHECK(stored.executions.size() == 11);
}

TEST_CASE("a deleted pipeline takes its execution state with it and later commits naming it pass") {
  Fixture f;
  const PipelineExecution gone = plain_execution("demo", "g1", 1, Status::InProgress);
  const PipelineExecution kept = plain_execution("other", "k1", 1, Status::InProgress);
  StageState stage;
  stage.stageName = "Build";
  stage.lockHolder = "g1";
  stage.inboundTransition = {false, "r", "u", 1};
  const PendingTimer timer{"t1", TimerKind::ApprovalTimeout, 10, "demo", "g1", "a1", "", ""};
  ExecutionChanges changes = changes_of({&gone, &kept});
  changes.stageStates = {PipelineStageStates{"demo", {stage}}};
  changes.timersSet = {&timer};
  changes.outboxAdded = {rich_start_action("g1")};
  changes.clientRequestTokens = {{"demo", "tok", "g1"}};
  f.store->commit(changes);

  REQUIRE(f.store->delete_pipeline("demo"));
  StoredExecutionState stored = f.store->load(10);
  CHECK(ids_of(stored) == std::vector<std::string>{"k1"});
  CHECK(stored.stageStates.empty());
  CHECK(stored.timers.empty());
  CHECK(stored.outbox.empty());
  CHECK(stored.clientRequestTokens.empty());

  // The engine has not heard of the deletion yet: its next batch still names the pipeline.
  PipelineExecution moved = gone;
  moved.lastUpdateTime += 5;
  const PipelineExecution also_kept = plain_execution("other", "k2", 2, Status::InProgress);
  changes = changes_of({&moved, &also_kept});
  changes.stageStates = {PipelineStageStates{"demo", {stage}}};
  changes.timersSet = {&timer};
  changes.clientRequestTokens = {{"demo", "tok", "g1"}};
  const CancelAction cancel{"a1", "g1", "stop"};
  changes.outboxAdded = {cancel};
  std::vector<std::int64_t> seqs;
  REQUIRE_NOTHROW(seqs = f.store->commit(changes));
  CHECK(seqs.size() == 1);

  stored = f.reopen_and_load();
  CHECK(ids_of(stored) == std::vector<std::string>{"k1", "k2"});
  CHECK(stored.stageStates.empty());
  CHECK(stored.timers.empty());
  CHECK(stored.clientRequestTokens.empty());
  // The effect is kept (its seq was handed out) without an execution to point at.
  REQUIRE(stored.outbox.size() == 1);
  CHECK(f.count("SELECT count(*) FROM outbox WHERE execution_id IS NULL") == 1);
}

TEST_CASE("a pipeline the engine forgot is deleted with its execution state in the same commit") {
  Fixture f;
  const PipelineExecution e = plain_execution("demo", "e1", 1, Status::InProgress);
  const PipelineExecution kept = plain_execution("other", "k1", 1, Status::InProgress);
  f.store->commit(changes_of({&e, &kept}));

  ExecutionChanges changes = changes_of({});
  changes.forgottenPipelines = {"demo"};
  f.store->commit(changes);
  CHECK(f.count("SELECT count(*) FROM pipelines WHERE name = 'demo'") == 0);
  CHECK(ids_of(f.reopen_and_load()) == std::vector<std::string>{"k1"});
}

TEST_CASE("an execution row without a document is reported instead of being dropped") {
  Fixture f;
  f.raw().exec(
      "INSERT INTO pipeline_executions (id, pipeline_name, pipeline_version, ordinal, status, "
      "execution_mode, trigger_type, start_time, last_update_time) "
      "VALUES ('legacy', 'demo', 1, 1, 'InProgress', 'SUPERSEDED', 'StartPipelineExecution', 1, "
      "1)");
  CHECK_THROWS_AS(f.store->load(10), StorageError);
  CHECK_THROWS_WITH(f.store->load(10),
                    Catch::Contains("legacy") && Catch::Contains("has no document"));
}

TEST_CASE("an unknown status in a stored execution document fails the load naming the member") {
  Fixture f;
  const PipelineExecution e = rich_execution("demo", "e1", 1, Status::InProgress);
  f.store->commit(changes_of({&e}));
  f.raw().exec(
      "UPDATE pipeline_executions SET document = json_set(document, '$.stages[0].status', "
      "'Paused') WHERE id = 'e1'");
  CHECK_THROWS_WITH(f.store->load(10), Catch::Contains("execution e1") &&
                                           Catch::Contains("stages[0].status") &&
                                           Catch::Contains("'Paused'"));
}

TEST_CASE("an action attempt without its document fails the load naming the attempt") {
  Fixture f;
  const PipelineExecution e = rich_execution("demo", "e1", 1, Status::InProgress);
  f.store->commit(changes_of({&e}));
  f.raw().exec("UPDATE action_executions SET document = NULL WHERE id = 'a1-e1'");
  CHECK_THROWS_WITH(f.store->load(10), Catch::Contains("execution e1") &&
                                           Catch::Contains("action execution a1-e1") &&
                                           Catch::Contains("without a document"));
}

TEST_CASE("a gap in the positions of an execution's attempts fails the load instead of shifting") {
  Fixture f;
  const PipelineExecution e = rich_execution("demo", "e1", 1, Status::InProgress);
  f.store->commit(changes_of({&e}));
  f.raw().exec("DELETE FROM action_executions WHERE id = 'a1-e1'");
  CHECK_THROWS_WITH(f.store->load(10), Catch::Contains("execution e1") &&
                                           Catch::Contains("no action execution at position 1") &&
                                           Catch::Contains("a2-e1"));
}

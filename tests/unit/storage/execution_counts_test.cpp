// The executions /metrics counts by pipeline and status: kept by commits, right after a restart.
#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <utility>

#include "tests/unit/storage/execution_store_fixture.hpp"
#include "tests/unit/storage/sample_execution.hpp"

using lockstep::engine::PipelineExecution;
using lockstep::testing::changes_of;
using lockstep::testing::ExecutionStoreFixture;
using lockstep::testing::rich_execution;
using Status = lockstep::engine::PipelineExecutionStatus;

namespace {

using Counts = std::map<std::pair<std::string, std::string>, std::int64_t>;

Counts counted(const lockstep::storage::SqliteStore& store) {
  Counts counts;
  for (const auto& c : store.execution_counts()) counts[{c.pipelineName, c.status}] = c.count;
  return counts;
}

// What the table holds, counted by SQL on a connection of its own.
Counts in_table(const ExecutionStoreFixture& f) {
  Counts counts;
  auto db = f.raw();
  auto query = db.prepare(
      "SELECT pipeline_name, status, COUNT(*) FROM pipeline_executions "
      "GROUP BY pipeline_name, status");
  while (query.step()) counts[{query.column_text(0), query.column_text(1)}] = query.column_int64(2);
  return counts;
}

}  // namespace

TEST_CASE("execution counts follow every committed status change and survive a restart") {
  ExecutionStoreFixture f;
  PipelineExecution a = rich_execution("demo", "a", 1, Status::InProgress);
  PipelineExecution b = rich_execution("demo", "b", 2, Status::InProgress);
  PipelineExecution c = rich_execution("other", "c", 1, Status::InProgress);
  f.store->commit(changes_of({&a, &b, &c}));
  CHECK(counted(*f.store) == Counts{{{"demo", "InProgress"}, 2}, {{"other", "InProgress"}, 1}});

  a.status = Status::Succeeded;
  b.status = Status::Failed;
  f.store->commit(changes_of({&a, &b}));
  const Counts finished{
      {{"demo", "Succeeded"}, 1}, {{"demo", "Failed"}, 1}, {{"other", "InProgress"}, 1}};
  CHECK(counted(*f.store) == finished);
  CHECK(in_table(f) == finished);

  f.reopen_and_load();
  CHECK(counted(*f.store) == finished);

  // A retried execution leaves Failed again; the restarted store no longer caches it.
  b.status = Status::InProgress;
  f.store->commit(changes_of({&b}));
  const Counts retried{
      {{"demo", "Succeeded"}, 1}, {{"demo", "InProgress"}, 1}, {{"other", "InProgress"}, 1}};
  CHECK(counted(*f.store) == retried);
  CHECK(in_table(f) == retried);
}

TEST_CASE("a deleted pipeline's executions are no longer counted") {
  ExecutionStoreFixture f;
  PipelineExecution a = rich_execution("demo", "a", 1, Status::Succeeded);
  PipelineExecution c = rich_execution("other", "c", 1, Status::Succeeded);
  f.store->commit(changes_of({&a, &c}));
  REQUIRE(f.store->delete_pipeline("demo"));
  CHECK(counted(*f.store) == Counts{{{"other", "Succeeded"}, 1}});

  lockstep::engine::ExecutionChanges forget = changes_of({});
  forget.forgottenPipelines = {"other"};
  f.store->commit(forget);
  CHECK(counted(*f.store).empty());
  CHECK(in_table(f).empty());
}

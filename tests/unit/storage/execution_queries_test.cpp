// Listings and lookups of stored executions show each execution as last committed, even after
// earlier reads of the same execution.
#include <catch2/catch.hpp>

#include "storage/execution_queries.hpp"
#include "tests/unit/storage/execution_store_fixture.hpp"
#include "tests/unit/storage/sample_execution.hpp"

using lockstep::engine::PipelineExecution;
using lockstep::storage::ExecutionQueries;
using lockstep::testing::changes_of;
using lockstep::testing::ExecutionStoreFixture;
using lockstep::testing::rich_execution;
using Status = lockstep::engine::PipelineExecutionStatus;

TEST_CASE("an execution read before it changed is listed and found as committed afterwards") {
  ExecutionStoreFixture f;
  PipelineExecution e = rich_execution("demo", "e1", 1, Status::Failed);
  f.store->commit(changes_of({&e}));
  ExecutionQueries queries(*f.store);
  REQUIRE(*queries.list("demo", std::nullopt, 10).executions.at(0) == e);
  REQUIRE(queries.find("demo", "e1")->status == Status::Failed);

  e.status = Status::InProgress;  // retried
  e.statusSummary = "retried";
  f.store->commit(changes_of({&e}));
  const auto page = queries.list("demo", std::nullopt, 10);
  REQUIRE(page.executions.size() == 1);
  CHECK(*page.executions[0] == e);
  CHECK(queries.find("demo", "e1")->statusSummary == "retried");
  CHECK_FALSE(queries.find("other", "e1"));
}

TEST_CASE(
    "a change to one action attempt alone is seen by readers that read the execution before") {
  ExecutionStoreFixture f;
  PipelineExecution e = rich_execution("demo", "e1", 1, Status::InProgress);
  f.store->commit(changes_of({&e}));
  ExecutionQueries queries(*f.store);
  REQUIRE(queries.find("demo", "e1")->actionExecutions.at(2).summary != "finished");

  // Only the attempt changes: the execution's own fields stay as they were.
  e.actionExecutions[2].status = lockstep::engine::ActionExecutionStatus::Succeeded;
  e.actionExecutions[2].summary = "finished";
  f.store->commit(changes_of({&e}));
  CHECK(*queries.find("demo", "e1") == e);
  CHECK(*queries.list("demo", std::nullopt, 10).executions.at(0) == e);
  // A new attempt appended later is found in its place too.
  e.actionExecutions.push_back(e.actionExecutions[1]);
  e.actionExecutions.back().actionExecutionId = "a3-e1";
  e.stageExecutions[1].latestAttempt = {3, -1};
  f.store->commit(changes_of({&e}));
  CHECK(*queries.find("demo", "e1") == e);
}

TEST_CASE("attempt fields kept in columns read back equal when empty absent or awkward") {
  ExecutionStoreFixture f;
  PipelineExecution e = rich_execution("demo", "e1", 1, Status::Failed);
  e.actionExecutions[0].errorDetails.reset();
  e.actionExecutions[0].summary.clear();
  e.actionExecutions[0].updatedBy.clear();
  e.actionExecutions[0].resolvedConfiguration.clear();
  e.actionExecutions[0].outputVariables.clear();
  e.actionExecutions[0].externalExecutionId.clear();
  e.actionExecutions[0].externalExecutionUrl.clear();
  e.actionExecutions[1].errorDetails = lockstep::engine::ErrorDetails{"", ""};
  e.actionExecutions[2].resolvedConfiguration["Quoted"] = lockstep::testing::kAwkwardText;
  f.store->commit(changes_of({&e}));
  ExecutionQueries queries(*f.store);
  CHECK(*queries.find("demo", "e1") == e);
  CHECK(f.reopen_and_load().executions.at(0) == e);
}

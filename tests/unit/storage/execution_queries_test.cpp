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

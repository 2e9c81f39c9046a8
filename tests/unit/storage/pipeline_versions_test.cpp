// Storing pipelines: versions are created only by real changes, and every version is kept.
#include <catch2/catch.hpp>

#include "storage/sqlite_store.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/unit/storage/sample_pipeline.hpp"

using lockstep::engine::ExecutionMode;
using lockstep::engine::PipelineType;
using lockstep::engine::PutOutcome;
using lockstep::storage::SqliteStore;
using lockstep::testing::sample_pipeline;
using lockstep::testing::TempDir;

TEST_CASE("storing a new pipeline creates version 1") {
  TempDir dir;
  auto store = SqliteStore::open(dir / "lockstep.db");

  const auto result = store->put_pipeline(sample_pipeline(), 1000);
  CHECK(result.outcome == PutOutcome::Created);
  CHECK(result.version == 1);

  auto stored = store->get_pipeline("demo");
  REQUIRE(stored);
  CHECK(stored->declaration == sample_pipeline());
  CHECK(stored->declaration.version == 1);
  CHECK(stored->created == 1000);
  CHECK(stored->updated == 1000);
}

TEST_CASE("storing the same declaration again keeps the current version") {
  TempDir dir;
  auto store = SqliteStore::open(dir / "lockstep.db");
  store->put_pipeline(sample_pipeline(), 1000);

  auto same = sample_pipeline();
  same.version = 7;  // the declaration's own version field is not a change
  const auto result = store->put_pipeline(same, 2000);
  CHECK(result.outcome == PutOutcome::Unchanged);
  CHECK(result.version == 1);

  auto stored = store->get_pipeline("demo");
  REQUIRE(stored);
  CHECK(stored->declaration.version == 1);
  CHECK(stored->updated == 1000);
  CHECK_FALSE(store->get_pipeline("demo", 2));
}

TEST_CASE("a changed declaration becomes the next version and old versions stay readable") {
  TempDir dir;
  auto store = SqliteStore::open(dir / "lockstep.db");
  store->put_pipeline(sample_pipeline("demo", "main"), 1000);

  const auto result = store->put_pipeline(sample_pipeline("demo", "release"), 2000);
  CHECK(result.outcome == PutOutcome::Updated);
  CHECK(result.version == 2);

  auto current = store->get_pipeline("demo");
  REQUIRE(current);
  CHECK(current->declaration.version == 2);
  CHECK(current->declaration.stages[0].actions[0].configuration.at("BranchName") == "release");
  CHECK(current->created == 1000);
  CHECK(current->updated == 2000);

  auto original = store->get_pipeline("demo", 1);
  REQUIRE(original);
  CHECK(original->declaration.version == 1);
  auto expected = sample_pipeline("demo", "main");
  CHECK(original->declaration == expected);

  CHECK_FALSE(store->get_pipeline("demo", 9));
  CHECK_FALSE(store->get_pipeline("demo", 0));
}

TEST_CASE("going back to an earlier declaration is still a new version") {
  TempDir dir;
  auto store = SqliteStore::open(dir / "lockstep.db");
  store->put_pipeline(sample_pipeline("demo", "main"), 1);
  store->put_pipeline(sample_pipeline("demo", "release"), 2);
  const auto result = store->put_pipeline(sample_pipeline("demo", "main"), 3);
  CHECK(result.outcome == PutOutcome::Updated);
  CHECK(result.version == 3);
}

TEST_CASE("an unknown pipeline is not found") {
  TempDir dir;
  auto store = SqliteStore::open(dir / "lockstep.db");
  CHECK_FALSE(store->get_pipeline("nope"));
  CHECK_FALSE(store->get_pipeline("nope", 1));
  CHECK_FALSE(store->delete_pipeline("nope"));
  CHECK(store->list_pipelines().empty());
}

TEST_CASE("listing pipelines shows each one's current version by name") {
  TempDir dir;
  auto store = SqliteStore::open(dir / "lockstep.db");
  auto queued = sample_pipeline("zeta");
  queued.pipelineType = PipelineType::V2;
  queued.executionMode = ExecutionMode::Queued;
  store->put_pipeline(queued, 10);
  store->put_pipeline(sample_pipeline("alpha", "main"), 20);
  store->put_pipeline(sample_pipeline("alpha", "dev"), 30);

  const auto list = store->list_pipelines();
  REQUIRE(list.size() == 2);
  CHECK(list[0].name == "alpha");
  CHECK(list[0].version == 2);
  CHECK(list[0].pipelineType == PipelineType::V1);
  CHECK(list[0].executionMode == ExecutionMode::Superseded);
  CHECK(list[0].created == 20);
  CHECK(list[0].updated == 30);
  CHECK(list[1].name == "zeta");
  CHECK(list[1].version == 1);
  CHECK(list[1].pipelineType == PipelineType::V2);
  CHECK(list[1].executionMode == ExecutionMode::Queued);
}

TEST_CASE("deleting a pipeline removes every version and frees its name") {
  TempDir dir;
  auto store = SqliteStore::open(dir / "lockstep.db");
  store->put_pipeline(sample_pipeline("demo", "main"), 1);
  store->put_pipeline(sample_pipeline("demo", "dev"), 2);
  store->put_pipeline(sample_pipeline("other"), 3);

  CHECK(store->delete_pipeline("demo"));
  CHECK_FALSE(store->get_pipeline("demo"));
  CHECK_FALSE(store->get_pipeline("demo", 1));
  CHECK_FALSE(store->delete_pipeline("demo"));
  REQUIRE(store->list_pipelines().size() == 1);
  CHECK(store->list_pipelines()[0].name == "other");

  // The name is free again and starts over at version 1.
  const auto again = store->put_pipeline(sample_pipeline("demo", "dev"), 4);
  CHECK(again.outcome == PutOutcome::Created);
  CHECK(again.version == 1);
}

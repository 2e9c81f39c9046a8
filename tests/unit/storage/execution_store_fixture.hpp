// A store over a scratch file with two pipelines, for the ExecutionStore tests.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "engine/execution_store.hpp"
#include "storage/sqlite.hpp"
#include "storage/sqlite_store.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/unit/storage/sample_pipeline.hpp"

namespace lockstep::testing {

struct ExecutionStoreFixture {
  ExecutionStoreFixture() {
    store->put_pipeline(sample_pipeline("demo"), 1);
    store->put_pipeline(sample_pipeline("other"), 1);
  }

  // What a restarted process finds.
  engine::StoredExecutionState reopen_and_load(std::size_t finished = 10) {
    store.reset();
    store = storage::SqliteStore::open(file);
    return store->load(finished);
  }

  storage::Database raw() const {
    storage::Database db = storage::Database::open(file, storage::OpenMode::ReadWriteCreate, 1000);
    db.exec("PRAGMA foreign_keys=ON");
    return db;
  }

  std::int64_t count(const std::string& sql) const {
    storage::Database db = raw();
    auto query = db.prepare(sql);
    query.step();
    return query.column_int64(0);
  }

  std::string text(const std::string& sql) const {
    storage::Database db = raw();
    auto query = db.prepare(sql);
    return query.step() ? query.column_text(0) : std::string("(no row)");
  }

  TempDir dir;
  std::filesystem::path file = dir / "lockstep.db";
  std::unique_ptr<storage::SqliteStore> store = storage::SqliteStore::open(file);
};

inline engine::ExecutionChanges changes_of(std::vector<const engine::PipelineExecution*> executions,
                                           engine::IdSource ids = {7, 1}) {
  engine::ExecutionChanges changes;
  changes.executions = std::move(executions);
  changes.ids = ids;
  return changes;
}

inline std::vector<std::string> ids_of(const engine::StoredExecutionState& stored) {
  std::vector<std::string> ids;
  for (const auto& e : stored.executions) ids.push_back(e.pipelineExecutionId);
  return ids;
}

}  // namespace lockstep::testing

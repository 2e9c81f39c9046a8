// SqliteStore's insides, shared by the files implementing its two interfaces (one per interface).
#pragma once

#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "engine/engine_state.hpp"
#include "engine/id_source.hpp"
#include "engine/pipeline_execution.hpp"
#include "storage/execution_counts.hpp"
#include "storage/read_pool.hpp"
#include "storage/sqlite.hpp"
#include "storage/sqlite_store.hpp"
#include "storage/wal_checkpointer.hpp"

namespace lockstep::storage {

// engine_meta's key for the engine's IdSource.
inline constexpr const char* kIdSourceKey = "id_source";

// What the last successful commits wrote, so that commit() can tell an unchanged execution or
// stage state by comparing values instead of serializing and writing it again. Only running
// executions are kept (the ones a batch rewrites over and over); anything not here is written
// in full, which is always correct. Updated only after a transaction commits.
struct CommittedExecutionState {
  std::unordered_map<std::string, engine::PipelineExecution> executions;         // by id
  std::unordered_map<std::string, std::vector<engine::StageState>> stageStates;  // by pipeline
  std::optional<engine::IdSource> ids;

  void forget_pipeline(const std::string& name) {
    std::erase_if(executions, [&](const auto& e) { return e.second.pipelineName == name; });
    stageStates.erase(name);
  }
};

struct SqliteStore::Impl {
  // Readers open after the writer has migrated the schema, so they never see it mid-change.
  Impl(Database writer_db, const std::filesystem::path& file, const StoreOptions& options)
      : writer(std::move(writer_db)),
        readers(file, options.read_connections, options.busy_timeout_ms),
        checkpointer(file, options.busy_timeout_ms) {}

  std::mutex writer_mutex;  // one write transaction at a time, as SQLite allows anyway
  Database writer;
  mutable ReadPool readers;
  CommittedExecutionState committed;  // guarded by writer_mutex
  ExecutionCounts counts;             // has its own lock: /metrics reads it from any thread
  WalCheckpointer checkpointer;       // last: stops before the connections close
};

}  // namespace lockstep::storage

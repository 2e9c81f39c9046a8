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
#include "engine/pipeline_declaration.hpp"
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

// The declaration last parsed for each pipeline, with the text it was parsed from: GetPipeline,
// GetPipelineState and the listings read the current version on every call, and parsing it is
// the slow part. Keyed by text, so a pipeline deleted and created again is never confused.
class ParsedDeclarations {
 public:
  std::optional<engine::PipelineDeclaration> find(const std::string& name, int version,
                                                  const std::string& text) const {
    std::lock_guard lock(mutex_);
    const auto found = entries_.find(name);
    if (found == entries_.end() || found->second.version != version || found->second.text != text) {
      return std::nullopt;
    }
    return found->second.declaration;
  }
  void remember(const std::string& name, int version, std::string text,
                engine::PipelineDeclaration declaration) {
    std::lock_guard lock(mutex_);
    entries_[name] = {version, std::move(text), std::move(declaration)};
  }
  void forget(const std::string& name) {
    std::lock_guard lock(mutex_);
    entries_.erase(name);
  }

 private:
  struct Entry {
    int version = 0;
    std::string text;
    engine::PipelineDeclaration declaration;
  };
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
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
  ParsedDeclarations parsed;          // has its own lock: readers use it from any thread
  WalCheckpointer checkpointer;       // last: stops before the connections close
};

}  // namespace lockstep::storage

// engine::Store on SQLite: one writer connection, a pool of read connections, WAL mode.
#pragma once

#include <filesystem>
#include <memory>

#include "engine/store.hpp"
#include "storage/storage_error.hpp"

namespace lockstep::storage {

struct StoreOptions {
  int read_connections = 4;  // connections queries use; they never wait for the writer
  int busy_timeout_ms = 5000;
};

class SqliteStore final : public engine::Store {
 public:
  // Opens (creating if needed) the database file and applies every pending migration.
  static std::unique_ptr<SqliteStore> open(const std::filesystem::path& file,
                                           StoreOptions options = {});
  ~SqliteStore() override;

  int schema_version() const;

  engine::PutPipelineResult put_pipeline(const engine::PipelineDeclaration& declaration,
                                         engine::Timestamp now) override;
  std::optional<engine::StoredPipeline> get_pipeline(
      std::string_view name, std::optional<int> version = {}) const override;
  std::vector<engine::PipelineSummary> list_pipelines() const override;
  bool delete_pipeline(std::string_view name) override;

 private:
  struct Impl;
  explicit SqliteStore(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace lockstep::storage

// The engine's storage interfaces on SQLite (pipelines, executions, webhook deliveries): one
// writer, a pool of readers, WAL mode.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "engine/approval_link_store.hpp"
#include "engine/execution_store.hpp"
#include "engine/store.hpp"
#include "engine/webhook_deliveries.hpp"
#include "storage/read_pool.hpp"
#include "storage/storage_error.hpp"

namespace lockstep::storage {

struct StoreOptions {
  int read_connections = 4;  // connections queries use; they never wait for the writer
  int busy_timeout_ms = 5000;
};

class SqliteStore final : public engine::Store,
                          public engine::ExecutionStore,
                          public engine::WebhookDeliveries,
                          public engine::ApprovalLinkStore {
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

  // engine::ExecutionStore, in sqlite_execution_store.cpp (commit) and sqlite_execution_load.cpp.
  // Executions, stage states, timers and tokens of a pipeline that no longer exists are skipped,
  // not an error: DeletePipeline may have removed it while the batch was being decided. An
  // execution equal to what this object last committed for it is not written again, so execution
  // rows must change only through this object.
  std::vector<std::int64_t> commit(const engine::ExecutionChanges& changes) override;
  engine::StoredExecutionState load(std::size_t finishedPerPipeline) const override;

  // engine::WebhookDeliveries, in sqlite_webhook_deliveries.cpp.
  std::optional<engine::WebhookDelivery> find_delivery(std::string_view provider,
                                                       std::string_view delivery_id) const override;
  engine::WebhookDelivery record_delivery(const engine::WebhookDelivery& delivery) override;
  std::vector<engine::WebhookDelivery> record_deliveries(
      const std::vector<engine::WebhookDelivery>& deliveries) override;
  std::size_t forget_deliveries_before(engine::Timestamp cutoff, std::size_t limit) override;
  // engine::ApprovalLinkStore, in sqlite_approval_links.cpp and sqlite_approval_deliveries.cpp.
  using engine::ApprovalLinkStore::add_approval_links;
  bool add_approval_links(const std::vector<engine::ApprovalLink>& links,
                          const std::vector<engine::ApprovalDelivery>& deliveries,
                          engine::Timestamp now) override;
  std::vector<engine::ApprovalDelivery> pending_approval_deliveries(
      engine::Timestamp now) const override;
  void record_approval_delivery(std::int64_t id, engine::DeliveryOutcome outcome,
                                engine::Timestamp now) override;
  std::optional<engine::ApprovalLink> find_approval_link(std::string_view tokenHash) const override;
  void close_approval_links(std::string_view actionExecutionId, engine::Timestamp now) override;
  // The read connections, for queries beside the writer (storage/execution_queries.hpp).
  ReadPool& read_pool() const;

  struct ExecutionCount {
    std::string pipelineName;
    std::string status;  // as the API spells it
    std::int64_t count = 0;
  };
  // Every stored execution counted by pipeline and status, for /metrics
  // (sqlite_execution_counts.cpp). Counted once at open, then kept by every commit.
  std::vector<ExecutionCount> execution_counts() const;

 private:
  struct Impl;
  explicit SqliteStore(std::unique_ptr<Impl> impl);
  void count_stored_executions();
  std::unique_ptr<Impl> impl_;
};

}  // namespace lockstep::storage

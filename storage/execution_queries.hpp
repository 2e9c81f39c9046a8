// Read queries over every stored execution (memory keeps only the latest ones), for
// GetPipelineExecution, ListPipelineExecutions and ListActionExecutions. They run on the store's
// read connections and never wait for the writer.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/pipeline_execution.hpp"
#include "storage/sqlite_store.hpp"

namespace lockstep::storage {

// Parsed executions are shared with the parse cache, never copied: a listing reads the same
// finished executions over and over, and copying one is a few hundred allocations.
using SharedExecution = std::shared_ptr<const engine::PipelineExecution>;

struct ExecutionPage {
  std::vector<SharedExecution> executions;  // newest first
  // The sequence the next page starts at (inclusive); empty when this was the last page.
  std::optional<std::uint64_t> next;
};

// Only executions that succeeded in `stageName` while running on `pipelineVersion`.
struct SucceededInStage {
  std::string stageName;
  int pipelineVersion = 1;
};

class ExecutionQueries {
 public:
  explicit ExecutionQueries(const SqliteStore& store) : store_(store) {}

  // The execution with that id if it belongs to `pipelineName`.
  std::optional<engine::PipelineExecution> find(std::string_view pipelineName,
                                                std::string_view pipelineExecutionId) const;

  // Newest first (by start order), at most `limit`, starting at sequence `from` and going back.
  ExecutionPage list(std::string_view pipelineName, std::optional<std::uint64_t> from,
                     std::size_t limit, const std::optional<SucceededInStage>& filter = {}) const;

 private:
  // The stored execution with that id, parsed once: listings read the same finished executions
  // over and over, and parsing their documents is the slow part. Kept by id with the row's
  // revision, which every write of the execution increases, so a rewritten one is read again.
  // Runs inside the caller's read transaction on `db`.
  SharedExecution current(Database& db, const std::string& id, std::int64_t revision) const;

  struct Parsed {
    std::int64_t revision = 0;
    SharedExecution execution;
  };
  static constexpr std::size_t kParsedLimit = 2048;  // then the cache starts over

  const SqliteStore& store_;
  mutable std::mutex mutex_;
  mutable std::unordered_map<std::string, Parsed> parsed_;
};

}  // namespace lockstep::storage

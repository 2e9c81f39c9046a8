#include "storage/sqlite_store.hpp"
#include "storage/sqlite_store_impl.hpp"

namespace lockstep::storage {

void SqliteStore::count_stored_executions() {
  // The only scan of the executions table for counting; commits keep the counts from then on.
  std::lock_guard lock(impl_->writer_mutex);
  auto query = impl_->writer.cached(
      "SELECT pipeline_name, status, COUNT(*) FROM pipeline_executions "
      "GROUP BY pipeline_name, status");
  std::vector<ExecutionCounts::Count> counts;
  while (query->step()) {
    counts.push_back({query->column_text(0), query->column_text(1), query->column_int64(2)});
  }
  impl_->counts.reset(counts);
}

std::vector<SqliteStore::ExecutionCount> SqliteStore::execution_counts() const {
  std::vector<ExecutionCount> counts;
  for (const auto& c : impl_->counts.snapshot()) {
    counts.push_back({c.pipelineName, c.status, c.count});
  }
  return counts;
}

}  // namespace lockstep::storage

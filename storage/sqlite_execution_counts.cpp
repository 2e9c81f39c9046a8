#include "storage/sqlite_store.hpp"
#include "storage/sqlite_store_impl.hpp"

namespace lockstep::storage {

std::vector<SqliteStore::ExecutionCount> SqliteStore::execution_counts() const {
  auto db = impl_->readers.acquire();
  auto query = db->cached(
      "SELECT pipeline_name, status, COUNT(*) FROM pipeline_executions "
      "GROUP BY pipeline_name, status ORDER BY pipeline_name, status");
  std::vector<ExecutionCount> counts;
  while (query->step()) {
    counts.push_back({query->column_text(0), query->column_text(1), query->column_int64(2)});
  }
  return counts;
}

}  // namespace lockstep::storage

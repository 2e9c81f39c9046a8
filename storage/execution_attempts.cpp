// Reading an execution's attempts from action_executions (migration 6 moved them there).
#include "storage/execution_attempts.hpp"

#include <cstdint>

#include "storage/execution_document.hpp"
#include "storage/storage_error.hpp"

namespace lockstep::storage {

void read_attempts(Database& db, engine::PipelineExecution& e, const std::string& what) {
  auto query = db.cached(
      "SELECT position, document, id FROM action_executions WHERE execution_id = ?1 "
      "ORDER BY position");
  query->bind(1, e.pipelineExecutionId);
  e.actionExecutions.clear();
  while (query->step()) {
    const std::string id = query->column_text(2);
    const auto position = query->column_optional_int64(0);
    if (!position || query->column_is_null(1)) {
      throw StorageError("the stored " + what + " has the action execution " + id +
                         " without a document: it was not written by this build");
    }
    if (*position != static_cast<std::int64_t>(e.actionExecutions.size())) {
      throw StorageError("the stored " + what + " has no action execution at position " +
                         std::to_string(e.actionExecutions.size()) + " (the next one, " + id +
                         ", is at " + std::to_string(*position) + ")");
    }
    e.actionExecutions.push_back(from_document<engine::ActionExecution>(
        query->column_text(1), "action execution " + id + " of " + what));
  }
}

}  // namespace lockstep::storage

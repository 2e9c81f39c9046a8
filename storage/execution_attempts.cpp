// Reading an execution's attempts from action_executions (migration 6 moved them there).
#include "storage/execution_attempts.hpp"

#include <cstdint>

#include "storage/execution_document.hpp"
#include "storage/storage_error.hpp"

namespace lockstep::storage {

void read_attempts(Database& db, engine::PipelineExecution& e, const std::string& what) {
  if (!e.actionExecutions.empty()) return;  // the document carried them
  // The row's columns patched into its document make the attempt's whole document (a NULL column
  // removes its member, which then reads as its default).
  auto query = db.cached(
      "SELECT position, json_patch(document, json_object('id', id, 'stage', stage_name, "
      "'action', action_name, 'status', status, 'summary', summary, 'updatedBy', updated_by, "
      "'start', start_time, 'updated', last_update_time, "
      "'config', json(resolved_configuration), 'outputVariables', json(output_variables), "
      "'externalId', external_execution_id, 'externalUrl', external_execution_url, "
      "'error', CASE WHEN error_message IS NULL THEN NULL "
      "ELSE json_object('code', error_code, 'message', error_message) END)), id "
      "FROM action_executions WHERE pipeline_name = ?1 AND ordinal = ?2 ORDER BY position");
  query->bind(1, e.pipelineName).bind(2, static_cast<std::int64_t>(e.sequence));
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

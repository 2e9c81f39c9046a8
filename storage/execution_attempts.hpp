// An execution's action attempts, read back from their own action_executions rows.
#pragma once

#include <string>

#include "engine/pipeline_execution.hpp"
#include "storage/sqlite.hpp"

namespace lockstep::storage {

// Fills e.actionExecutions with the attempts stored for it, in start order (the `position` each
// was written with, which is what StageExecution::latestAttempt indexes). A document that still
// holds its attempts (one migration 6 kept whole) keeps them. Throws StorageError naming `what`
// when an attempt has no document or the positions have a gap.
void read_attempts(Database& db, engine::PipelineExecution& e, const std::string& what);

}  // namespace lockstep::storage

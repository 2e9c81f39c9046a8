// ExecutionStore::load on SQLite: what a restart rebuilds the engine from, read in one snapshot.
#include <algorithm>
#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include "storage/execution_attempts.hpp"
#include "storage/execution_document.hpp"
#include "storage/sqlite_store.hpp"
#include "storage/sqlite_store_impl.hpp"

namespace lockstep::storage {

using engine::CancelAction;
using engine::IdSource;
using engine::PendingTimer;
using engine::PipelineExecution;
using engine::StageState;
using engine::StartAction;

namespace {

void note_referenced(const StageState& stage, std::unordered_set<std::string>& ids) {
  const auto add = [&](const std::string& id) {
    if (!id.empty()) ids.insert(id);
  };
  add(stage.lockHolder);
  add(stage.latestExecutionId);
  for (const std::string& id : stage.inboundExecutions) add(id);
  for (const std::string& id : stage.heldExecutions) add(id);
}

struct ExecutionRow {
  std::string id;
  std::string document;
};
// By (pipeline, ordinal): the order load() promises.
using ExecutionRows = std::map<std::pair<std::string, std::int64_t>, ExecutionRow>;

// Takes the rows of a query selecting (id, pipeline_name, ordinal, document).
void take_executions(Statement& query, ExecutionRows& rows,
                     std::unordered_set<std::string>& loaded) {
  while (query.step()) {
    std::string id = query.column_text(0);
    if (loaded.count(id) != 0) continue;
    loaded.insert(id);
    rows.emplace(std::pair(query.column_text(1), query.column_int64(2)),
                 ExecutionRow{std::move(id), query.column_text(3)});
  }
}

PipelineExecution parse_execution(Database& db, const std::string& pipeline,
                                  const ExecutionRow& row) {
  const std::string what = "execution " + row.id + " of pipeline " + pipeline;
  auto e = from_document<PipelineExecution>(row.document, what);
  if (e.pipelineExecutionId.empty()) {
    throw StorageError("the stored " + what +
                       " has no document: it was written before schema version 3 or by another "
                       "program, and cannot be resumed");
  }
  if (e.pipelineExecutionId != row.id || e.pipelineName != pipeline) {
    throw StorageError("the stored " + what + " holds the document of execution " +
                       e.pipelineExecutionId + " of pipeline " + e.pipelineName);
  }
  read_attempts(db, e, what);
  return e;
}

}  // namespace

engine::StoredExecutionState SqliteStore::load(std::size_t finishedPerPipeline) const {
  engine::StoredExecutionState out;
  auto db = impl_->readers.acquire();
  Transaction snapshot(*db, Transaction::Kind::Deferred);  // every query sees the same commits

  {
    auto query = db->cached("SELECT value FROM engine_meta WHERE key = ?1");
    if (query->bind(1, kIdSourceKey).step()) {
      out.ids = from_document<IdSource>(query->column_text(0), "id source");
    }
  }

  std::unordered_set<std::string> referenced;
  {
    // A transitions row without a stage_states row was not written by commit() and is ignored.
    auto query = db->cached(
        "SELECT s.pipeline_name, s.stage_name, s.document, t.enabled, t.disabled_reason, "
        "t.last_changed_by, t.last_changed_at FROM stage_states s "
        "LEFT JOIN transitions t "
        "ON t.pipeline_name = s.pipeline_name AND t.stage_name = s.stage_name "
        "ORDER BY s.pipeline_name, s.stage_name");
    while (query->step()) {
      std::string pipeline = query->column_text(0);
      std::string name = query->column_text(1);
      StageState stage = from_document<StageState>(query->column_text(2),
                                                   "stage state of " + pipeline + " stage " + name);
      stage.stageName = std::move(name);
      if (!query->column_is_null(3)) {
        stage.inboundTransition.enabled = query->column_int64(3) != 0;
        stage.inboundTransition.disabledReason = query->column_text(4);
        stage.inboundTransition.lastChangedBy = query->column_text(5);
        stage.inboundTransition.lastChangedAt = query->column_optional_int64(6).value_or(0);
      }
      note_referenced(stage, referenced);
      if (out.stageStates.empty() || out.stageStates.back().pipelineName != pipeline) {
        out.stageStates.push_back({std::move(pipeline), {}});
      }
      out.stageStates.back().stages.push_back(std::move(stage));
    }
  }

  ExecutionRows rows;
  std::unordered_set<std::string> loaded;
  {
    auto active = db->cached(
        "SELECT id, pipeline_name, ordinal, document FROM pipeline_executions "
        "WHERE status IN ('InProgress', 'Stopping')");
    take_executions(*active, rows, loaded);
  }
  if (finishedPerPipeline > 0) {
    std::vector<std::string> pipelines;
    {
      auto query = db->cached("SELECT name FROM pipelines ORDER BY name");
      while (query->step()) pipelines.push_back(query->column_text(0));
    }
    const auto limit = static_cast<std::int64_t>(std::min<std::size_t>(
        finishedPerPipeline, static_cast<std::size_t>(std::numeric_limits<std::int64_t>::max())));
    for (const std::string& pipeline : pipelines) {
      auto finished = db->cached(
          "SELECT id, pipeline_name, ordinal, document FROM pipeline_executions "
          "WHERE pipeline_name = ?1 AND status NOT IN ('InProgress', 'Stopping') "
          "ORDER BY ordinal DESC LIMIT ?2");
      finished->bind(1, pipeline).bind(2, limit);
      take_executions(*finished, rows, loaded);
    }
  }
  for (const std::string& id : referenced) {
    if (loaded.count(id) != 0) continue;
    auto query = db->cached(
        "SELECT id, pipeline_name, ordinal, document FROM pipeline_executions WHERE id = ?1");
    query->bind(1, id);
    take_executions(*query, rows, loaded);
  }
  out.executions.reserve(rows.size());
  for (const auto& [key, row] : rows) {
    out.executions.push_back(parse_execution(*db, key.first, row));
  }

  {
    auto query = db->cached("SELECT id, payload FROM timers ORDER BY fire_at, id");
    while (query->step()) {
      const std::string id = query->column_text(0);
      auto timer = from_document<PendingTimer>(query->column_text(1), "timer " + id);
      if (timer.timerId != id) {
        throw StorageError("the stored timer " + id +
                           " has no payload or the payload of another timer; it was not written "
                           "by this build");
      }
      out.timers.push_back(std::move(timer));
    }
  }

  {
    auto query = db->cached(
        "SELECT seq, kind, payload FROM outbox WHERE acknowledged_at IS NULL ORDER BY seq");
    while (query->step()) {
      engine::OutboxEntry entry;
      entry.seq = query->column_int64(0);
      const std::string kind = query->column_text(1);
      const std::string what = "outbox entry " + std::to_string(entry.seq);
      if (kind == "StartAction") {
        entry.effect = from_document<StartAction>(query->column_text(2), what);
      } else if (kind == "CancelAction") {
        entry.effect = from_document<CancelAction>(query->column_text(2), what);
      } else {
        throw StorageError("the stored " + what + " has the unknown kind '" + kind + "'");
      }
      out.outbox.push_back(std::move(entry));
    }
  }

  {
    auto query = db->cached(
        "SELECT pipeline_name, client_token, execution_id FROM idempotency_tokens "
        "ORDER BY pipeline_name, client_token");
    while (query->step()) {
      out.clientRequestTokens.push_back(
          {query->column_text(0), query->column_text(1), query->column_text(2)});
    }
  }
  snapshot.commit();
  return out;
}

}  // namespace lockstep::storage

// Executions are read back from their documents (the execution row's and its attempts'), the one
// place that holds all of an execution; the row columns only serve to find and order them
// (pipeline_executions_by_pipeline index) and to tell whether a parse is current (revision).
#include "storage/execution_queries.hpp"

#include <cstdint>

#include "storage/execution_attempts.hpp"
#include "storage/execution_document.hpp"

namespace lockstep::storage {

std::optional<engine::PipelineExecution> ExecutionQueries::find(
    std::string_view pipelineName, std::string_view pipelineExecutionId) const {
  auto db = store_.read_pool().acquire();
  Transaction snapshot(*db, Transaction::Kind::Deferred);  // the revision and documents agree
  std::int64_t revision = 0;
  {
    auto query =
        db->cached("SELECT revision FROM pipeline_executions WHERE id = ?1 AND pipeline_name = ?2");
    query->bind(1, pipelineExecutionId).bind(2, pipelineName);
    if (!query->step()) return std::nullopt;
    revision = query->column_int64(0);
  }
  const std::string id(pipelineExecutionId);
  SharedExecution execution = current(*db, id, revision);
  snapshot.commit();
  return *execution;
}

SharedExecution ExecutionQueries::current(Database& db, const std::string& id,
                                          std::int64_t revision) const {
  {
    std::lock_guard lock(mutex_);
    const auto found = parsed_.find(id);
    if (found != parsed_.end() && found->second.revision == revision) {
      return found->second.execution;
    }
  }
  const std::string what = "execution " + id;  // only for errors, and only on a miss
  engine::PipelineExecution e;
  {
    auto query = db.cached("SELECT document FROM pipeline_executions WHERE id = ?1");
    query->bind(1, id);
    if (query->step()) e = from_document<engine::PipelineExecution>(query->column_text(0), what);
  }
  e.pipelineExecutionId = id;
  read_attempts(db, e, what);
  auto execution = std::make_shared<const engine::PipelineExecution>(std::move(e));
  std::lock_guard lock(mutex_);
  if (parsed_.size() >= kParsedLimit) parsed_.clear();
  parsed_[id] = {revision, execution};
  return execution;
}

ExecutionPage ExecutionQueries::list(std::string_view pipelineName,
                                     std::optional<std::uint64_t> from, std::size_t limit,
                                     const std::optional<SucceededInStage>& filter) const {
  struct Row {
    std::int64_t ordinal;
    std::string id;
    std::int64_t revision;
  };
  std::vector<Row> rows;
  auto db = store_.read_pool().acquire();
  Transaction snapshot(*db, Transaction::Kind::Deferred);  // the revisions and documents agree
  {
    // One row more than asked for tells whether another page follows.
    auto query = db->cached(
        "SELECT e.ordinal, e.id, e.revision FROM pipeline_executions e "
        "WHERE e.pipeline_name = ?1 AND e.ordinal <= ?2 "
        "AND (?3 IS NULL OR (e.pipeline_version = ?4 AND EXISTS (SELECT 1 FROM stage_executions s "
        "WHERE s.pipeline_name = e.pipeline_name AND s.ordinal = e.ordinal "
        "AND s.stage_name = ?3 AND s.status = 'Succeeded'))) "
        "ORDER BY e.ordinal DESC LIMIT ?5");
    query->bind(1, pipelineName)
        .bind(2, from ? static_cast<std::int64_t>(*from) : INT64_MAX)
        .bind(5, static_cast<std::int64_t>(limit + 1));
    if (filter) {
      query->bind(3, filter->stageName).bind(4, filter->pipelineVersion);
    } else {
      query->bind(3, nullptr).bind(4, nullptr);
    }
    while (query->step()) {
      rows.push_back({query->column_int64(0), query->column_text(1), query->column_int64(2)});
    }
  }
  ExecutionPage page;
  if (rows.size() > limit) {
    page.next = static_cast<std::uint64_t>(rows.back().ordinal);
    rows.pop_back();
  }
  for (const Row& row : rows) {
    page.executions.push_back(current(*db, row.id, row.revision));
  }
  snapshot.commit();
  return page;
}

}  // namespace lockstep::storage

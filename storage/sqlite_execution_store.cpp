// ExecutionStore::commit on SQLite: each batch of decisions in one transaction on the writer.
#include <algorithm>
#include <cstdint>
#include <limits>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>
#include <variant>
#include <vector>

#include "storage/document_enums.hpp"
#include "storage/execution_document.hpp"
#include "storage/sqlite_store.hpp"
#include "storage/sqlite_store_impl.hpp"

namespace lockstep::storage {

namespace {

using engine::ActionExecution;
using engine::CancelAction;
using engine::ClientRequestToken;
using engine::ExecutionChanges;
using engine::IdSource;
using engine::OutboxEffect;
using engine::PendingTimer;
using engine::PipelineExecution;
using engine::PipelineStageStates;
using engine::StageExecution;
using engine::StageState;
using engine::StartAction;
using engine::Timestamp;

// Empty text in the model is NULL in a nullable column.
std::optional<std::string_view> or_null(const std::string& text) {
  if (text.empty()) return std::nullopt;
  return text;
}

// StageExecution keeps no times of its own; the row's are those of the work done in the stage
// (action attempts, condition rules), or the execution's last update when nothing ran yet.
struct StageTimes {
  Timestamp start = 0;
  Timestamp lastUpdate = 0;
  bool operator==(const StageTimes&) const = default;
};

StageTimes stage_times(const PipelineExecution& e, const StageExecution& stage) {
  bool any = false;
  StageTimes t{std::numeric_limits<Timestamp>::max(), std::numeric_limits<Timestamp>::min()};
  const auto take = [&](Timestamp start, Timestamp last) {
    any = true;
    t.start = std::min(t.start, start);
    t.lastUpdate = std::max(t.lastUpdate, last);
  };
  for (const ActionExecution& a : e.actionExecutions) {
    if (a.stageName == stage.stageName) take(a.startTime, a.lastUpdateTime);
  }
  if (stage.condition) {
    for (const auto& rule : stage.condition->rules) take(rule.startTime, rule.lastUpdateTime);
  }
  if (!any) return {e.lastUpdateTime, e.lastUpdateTime};
  return t;
}

// 1-based, among the attempts of the same action of the same stage, in start order.
int attempt_number(const PipelineExecution& e, std::size_t index) {
  const ActionExecution& a = e.actionExecutions[index];
  int n = 0;
  for (std::size_t i = 0; i <= index; ++i) {
    const ActionExecution& b = e.actionExecutions[i];
    if (b.actionName == a.actionName && b.stageName == a.stageName) ++n;
  }
  return n;
}

bool same_without_transition(const StageState& a, const StageState& b) {
  return a.stageName == b.stageName && a.lockHolder == b.lockHolder &&
         a.inboundExecutions == b.inboundExecutions && a.heldExecutions == b.heldExecutions &&
         a.latestExecutionId == b.latestExecutionId;
}

const StageState* find_stage(const std::vector<StageState>& stages, const std::string& name) {
  for (const StageState& s : stages) {
    if (s.stageName == name) return &s;
  }
  return nullptr;
}

// The writes of one commit, inside its transaction. Compares with what earlier commits wrote to
// skip unchanged rows, and records what it wrote so that remember() can update that afterwards.
class BatchWriter {
 public:
  BatchWriter(Database& db, const CommittedExecutionState& committed)
      : db_(db), committed_(committed) {}

  void forget_pipeline(const std::string& name) {
    db_.cached("DELETE FROM pipelines WHERE name = ?1")->bind(1, name).run();
    forgotten_.push_back(&name);
  }

  void execution(const PipelineExecution& e);
  void stage_states(const PipelineStageStates& states);

  void set_timer(const PendingTimer& timer) {
    if (!pipeline_exists(timer.pipelineName)) return;
    auto upsert = db_.cached(
        "INSERT INTO timers (id, execution_id, kind, fire_at, payload) "
        "VALUES (?1, (SELECT id FROM pipeline_executions WHERE id = ?2), ?3, ?4, ?5) "
        "ON CONFLICT (id) DO UPDATE SET execution_id = excluded.execution_id, "
        "kind = excluded.kind, fire_at = excluded.fire_at, payload = excluded.payload");
    upsert->bind(1, timer.timerId)
        .bind(2, timer.pipelineExecutionId)
        .bind(3, document::spell(timer.kind))
        .bind(4, timer.fireAt)
        .bind(5, to_document(timer))
        .run();
  }

  void clear_timer(const std::string& id) {
    db_.cached("DELETE FROM timers WHERE id = ?1")->bind(1, id).run();
  }

  std::int64_t add_to_outbox(const OutboxEffect& effect) {
    // created_at: the effect carries no time; the decision's is its execution's last update.
    auto insert = db_.cached(
        "INSERT INTO outbox (execution_id, kind, payload, created_at, action_execution_id) "
        "VALUES ((SELECT id FROM pipeline_executions WHERE id = ?1), ?2, ?3, "
        "coalesce((SELECT last_update_time FROM pipeline_executions WHERE id = ?1), 0), ?4)");
    if (const auto* start = std::get_if<StartAction>(&effect)) {
      insert->bind(1, start->pipelineExecutionId)
          .bind(2, "StartAction")
          .bind(3, to_document(*start))
          .bind(4, start->actionExecutionId);
    } else {
      const auto& cancel = std::get<CancelAction>(effect);
      insert->bind(1, cancel.pipelineExecutionId)
          .bind(2, "CancelAction")
          .bind(3, to_document(cancel))
          .bind(4, cancel.actionExecutionId);
    }
    insert->run();
    return db_.last_insert_rowid();
  }

  void acknowledge(std::int64_t seq) {
    db_.cached("DELETE FROM outbox WHERE seq = ?1")->bind(1, seq).run();
  }

  // Only for an execution that has a row, which also proves its pipeline exists.
  void add_token(const ClientRequestToken& token) {
    auto insert = db_.cached(
        "INSERT INTO idempotency_tokens "
        "(pipeline_name, client_token, execution_id, request_hash, created) "
        "SELECT pipeline_name, ?2, id, '', start_time FROM pipeline_executions "
        "WHERE id = ?3 AND pipeline_name = ?1 "
        "ON CONFLICT (pipeline_name, client_token) DO UPDATE SET "
        "execution_id = excluded.execution_id");
    insert->bind(1, token.pipelineName)
        .bind(2, token.token)
        .bind(3, token.pipelineExecutionId)
        .run();
  }

  void ids(const IdSource& ids) {
    if (committed_.ids == ids) return;
    auto upsert = db_.cached(
        "INSERT INTO engine_meta (key, value) VALUES (?1, ?2) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    upsert->bind(1, kIdSourceKey).bind(2, to_document(ids)).run();
    ids_ = ids;
  }

  // Once the transaction has committed: what this batch wrote is what storage now holds.
  void remember(CommittedExecutionState& committed, ExecutionCounts& counts) const {
    for (const std::string* name : forgotten_) {
      committed.forget_pipeline(*name);
      counts.forget_pipeline(*name);
    }
    counts.apply(statusChanges_);
    for (const std::string* id : dropped_) committed.executions.erase(*id);
    for (const PipelineExecution* e : written_) {
      if (engine::is_terminal(e->status)) {
        committed.executions.erase(e->pipelineExecutionId);  // rarely written again
      } else {
        committed.executions[e->pipelineExecutionId] = *e;
      }
    }
    for (const PipelineStageStates* s : stageStates_) {
      committed.stageStates[s->pipelineName] = s->stages;
    }
    if (ids_) committed.ids = ids_;
  }

 private:
  bool pipeline_exists(const std::string& name) {
    auto known = pipelines_.find(name);
    if (known != pipelines_.end()) return known->second;
    auto query = db_.cached("SELECT 1 FROM pipelines WHERE name = ?1");
    const bool exists = query->bind(1, name).step();
    pipelines_.emplace(name, exists);
    return exists;
  }

  void count_status(const PipelineExecution& e, const PipelineExecution* before);
  void write_execution_row(const PipelineExecution& e);
  void write_stage_row(const PipelineExecution& e, const StageExecution& s, StageTimes times);
  void write_action_row(const PipelineExecution& e, std::size_t index);

  Database& db_;
  const CommittedExecutionState& committed_;
  std::unordered_map<std::string, bool> pipelines_;  // exists, as found in this transaction
  std::vector<const std::string*> forgotten_;
  std::vector<const std::string*> dropped_;  // executions whose pipeline is gone
  std::vector<const PipelineExecution*> written_;
  std::vector<ExecutionCounts::Change> statusChanges_;
  std::vector<const PipelineStageStates*> stageStates_;
  std::optional<IdSource> ids_;
};

void BatchWriter::execution(const PipelineExecution& e) {
  const auto cached = committed_.executions.find(e.pipelineExecutionId);
  const PipelineExecution* before =
      cached == committed_.executions.end() ? nullptr : &cached->second;
  if (before != nullptr && *before == e) return;  // unchanged since the last commit
  if (!pipeline_exists(e.pipelineName)) {
    dropped_.push_back(&e.pipelineExecutionId);
    return;
  }

  count_status(e, before);
  write_execution_row(e);
  for (std::size_t i = 0; i < e.stageExecutions.size(); ++i) {
    const StageExecution& stage = e.stageExecutions[i];
    if (!stage.entered) continue;
    const StageTimes times = stage_times(e, stage);
    if (before != nullptr && i < before->stageExecutions.size() &&
        before->stageExecutions[i] == stage &&
        stage_times(*before, before->stageExecutions[i]) == times) {
      continue;
    }
    write_stage_row(e, stage, times);
  }
  for (std::size_t i = 0; i < e.actionExecutions.size(); ++i) {
    // Attempts are only ever appended, so index i is the same attempt as before.
    if (before != nullptr && i < before->actionExecutions.size() &&
        before->actionExecutions[i] == e.actionExecutions[i]) {
      continue;
    }
    write_action_row(e, i);
  }
  written_.push_back(&e);
}

// The status the row held before this write, for the counts /metrics reports. Finished executions
// are not cached, so a retried one is looked up.
void BatchWriter::count_status(const PipelineExecution& e, const PipelineExecution* before) {
  ExecutionCounts::Change change{e.pipelineName, std::nullopt, engine::to_string(e.status)};
  if (before != nullptr) {
    change.before = engine::to_string(before->status);
  } else {
    auto query = db_.cached("SELECT status FROM pipeline_executions WHERE id = ?1");
    if (query->bind(1, e.pipelineExecutionId).step()) change.before = query->column_text(0);
  }
  if (change.before != change.after) statusChanges_.push_back(std::move(change));
}

void BatchWriter::write_execution_row(const PipelineExecution& e) {
  // pipeline_name and ordinal never change, and leaving them out of the update spares the index
  // on them.
  auto upsert = db_.cached(
      "INSERT INTO pipeline_executions (id, pipeline_name, pipeline_version, ordinal, status, "
      "status_summary, execution_mode, execution_type, trigger_type, trigger_detail, "
      "stop_trigger_reason, rollback_target_execution_id, variables, start_time, "
      "last_update_time, document) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16) "
      "ON CONFLICT (id) DO UPDATE SET pipeline_version = excluded.pipeline_version, "
      "status = excluded.status, status_summary = excluded.status_summary, "
      "execution_mode = excluded.execution_mode, execution_type = excluded.execution_type, "
      "trigger_type = excluded.trigger_type, trigger_detail = excluded.trigger_detail, "
      "stop_trigger_reason = excluded.stop_trigger_reason, "
      "rollback_target_execution_id = excluded.rollback_target_execution_id, "
      "variables = excluded.variables, start_time = excluded.start_time, "
      "last_update_time = excluded.last_update_time, document = excluded.document, "
      "revision = revision + 1");
  upsert->bind(1, e.pipelineExecutionId)
      .bind(2, e.pipelineName)
      .bind(3, e.pipelineVersion)
      .bind(4, static_cast<std::int64_t>(e.sequence))
      .bind(5, engine::to_string(e.status))
      .bind(6, or_null(e.statusSummary))
      .bind(7, engine::to_string(e.executionMode))
      .bind(8, engine::to_string(e.executionType))
      .bind(9, e.trigger.triggerType)
      .bind(10, or_null(e.trigger.triggerDetail))
      .bind(11, e.stopReason)
      .bind(12, or_null(e.rollbackTargetPipelineExecutionId))
      .bind(13, e.variables.empty() ? std::string("[]") : variables_json(e.variables))
      .bind(14, e.startTime)
      .bind(15, e.lastUpdateTime)
      .bind(16, to_document(e, Attempts::Apart))
      .run();
}

void BatchWriter::write_stage_row(const PipelineExecution& e, const StageExecution& s,
                                  StageTimes times) {
  auto upsert = db_.cached(
      "INSERT INTO stage_executions (execution_id, stage_name, status, type, "
      "auto_retry_attempts, manual_retry_attempts, latest_retry_trigger, start_time, "
      "last_update_time, pipeline_name, ordinal) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
      "?10, ?11) "
      "ON CONFLICT (pipeline_name, ordinal, stage_name) DO UPDATE SET status = excluded.status, "
      "type = excluded.type, auto_retry_attempts = excluded.auto_retry_attempts, "
      "manual_retry_attempts = excluded.manual_retry_attempts, "
      "latest_retry_trigger = excluded.latest_retry_trigger, start_time = excluded.start_time, "
      "last_update_time = excluded.last_update_time");
  upsert->bind(1, e.pipelineExecutionId)
      .bind(2, s.stageName)
      .bind(3, engine::to_string(s.status))
      .bind(4, engine::to_string(s.type))
      .bind(5, s.autoStageRetryAttempt)
      .bind(6, s.manualStageRetryAttempt);
  if (s.latestRetryTrigger) {
    upsert->bind(7, engine::to_string(*s.latestRetryTrigger));
  } else {
    upsert->bind(7, nullptr);
  }
  upsert->bind(8, times.start)
      .bind(9, times.lastUpdate)
      .bind(10, e.pipelineName)
      .bind(11, static_cast<std::int64_t>(e.sequence))
      .run();
}

void BatchWriter::write_action_row(const PipelineExecution& e, std::size_t index) {
  const ActionExecution& a = e.actionExecutions[index];
  auto upsert = db_.cached(
      "INSERT INTO action_executions (id, execution_id, stage_name, action_name, attempt, "
      "status, summary, external_execution_id, external_execution_url, error_code, "
      "error_message, resolved_configuration, output_variables, start_time, last_update_time, "
      "updated_by, position, document, pipeline_name, ordinal) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, "
      "?19, ?20) "
      "ON CONFLICT (id) DO UPDATE SET status = excluded.status, summary = excluded.summary, "
      "external_execution_id = excluded.external_execution_id, "
      "external_execution_url = excluded.external_execution_url, "
      "error_code = excluded.error_code, error_message = excluded.error_message, "
      "resolved_configuration = excluded.resolved_configuration, "
      "output_variables = excluded.output_variables, start_time = excluded.start_time, "
      "last_update_time = excluded.last_update_time, updated_by = excluded.updated_by, "
      "position = excluded.position, document = excluded.document");
  upsert->bind(1, a.actionExecutionId)
      .bind(2, e.pipelineExecutionId)
      .bind(3, a.stageName)
      .bind(4, a.actionName)
      .bind(5, attempt_number(e, index))
      .bind(6, engine::to_string(a.status))
      .bind(7, or_null(a.summary))
      .bind(8, or_null(a.externalExecutionId))
      .bind(9, or_null(a.externalExecutionUrl));
  if (a.errorDetails) {
    upsert->bind(10, or_null(a.errorDetails->code)).bind(11, a.errorDetails->message);
  } else {
    upsert->bind(10, nullptr).bind(11, nullptr);
  }
  upsert->bind(12, string_map_json(a.resolvedConfiguration))
      .bind(13, string_map_json(a.outputVariables))
      .bind(14, a.startTime)
      .bind(15, a.lastUpdateTime)
      .bind(16, or_null(a.updatedBy))
      .bind(17, static_cast<std::int64_t>(index))
      .bind(18, to_document(a, Columns::Apart))
      .bind(19, e.pipelineName)
      .bind(20, static_cast<std::int64_t>(e.sequence))
      .run();
}

void BatchWriter::stage_states(const PipelineStageStates& states) {
  const auto cached = committed_.stageStates.find(states.pipelineName);
  const std::vector<StageState>* before =
      cached == committed_.stageStates.end() ? nullptr : &cached->second;
  if (before != nullptr && *before == states.stages) return;
  if (!pipeline_exists(states.pipelineName)) return;

  const std::string& pipeline = states.pipelineName;
  if (before == nullptr) {
    // Not known what the rows hold: replace them all.
    db_.cached("DELETE FROM stage_states WHERE pipeline_name = ?1")->bind(1, pipeline).run();
    db_.cached("DELETE FROM transitions WHERE pipeline_name = ?1")->bind(1, pipeline).run();
  } else {
    for (const StageState& old : *before) {
      if (find_stage(states.stages, old.stageName) != nullptr) continue;
      db_.cached("DELETE FROM stage_states WHERE pipeline_name = ?1 AND stage_name = ?2")
          ->bind(1, pipeline)
          .bind(2, old.stageName)
          .run();
      db_.cached("DELETE FROM transitions WHERE pipeline_name = ?1 AND stage_name = ?2")
          ->bind(1, pipeline)
          .bind(2, old.stageName)
          .run();
    }
  }

  for (const StageState& stage : states.stages) {
    const StageState* old = before == nullptr ? nullptr : find_stage(*before, stage.stageName);
    if (old == nullptr || !same_without_transition(*old, stage)) {
      StageState without = stage;
      without.inboundTransition = {};
      db_.cached(
             "INSERT INTO stage_states (pipeline_name, stage_name, document) VALUES (?1, ?2, ?3) "
             "ON CONFLICT (pipeline_name, stage_name) DO UPDATE SET document = excluded.document")
          ->bind(1, pipeline)
          .bind(2, stage.stageName)
          .bind(3, to_document(without))
          .run();
    }
    if (old != nullptr && old->inboundTransition == stage.inboundTransition) continue;
    const engine::TransitionState& t = stage.inboundTransition;
    if (t == engine::TransitionState{}) {
      // Never changed (or as if never changed): no row, as migration 2 describes the table.
      if (old == nullptr) continue;  // the rows were deleted above, or there never was one
      db_.cached("DELETE FROM transitions WHERE pipeline_name = ?1 AND stage_name = ?2")
          ->bind(1, pipeline)
          .bind(2, stage.stageName)
          .run();
      continue;
    }
    db_.cached(
           "INSERT INTO transitions (pipeline_name, stage_name, enabled, disabled_reason, "
           "last_changed_by, last_changed_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
           "ON CONFLICT (pipeline_name, stage_name) DO UPDATE SET enabled = excluded.enabled, "
           "disabled_reason = excluded.disabled_reason, "
           "last_changed_by = excluded.last_changed_by, "
           "last_changed_at = excluded.last_changed_at")
        ->bind(1, pipeline)
        .bind(2, stage.stageName)
        .bind(3, t.enabled ? 1 : 0)
        .bind(4, or_null(t.disabledReason))
        .bind(5, or_null(t.lastChangedBy))
        .bind(6, t.lastChangedAt)
        .run();
  }
  stageStates_.push_back(&states);
}

}  // namespace

std::vector<std::int64_t> SqliteStore::commit(const ExecutionChanges& changes) {
  std::lock_guard lock(impl_->writer_mutex);
  BatchWriter batch(impl_->writer, impl_->committed);
  Transaction transaction(impl_->writer);
  // Deletions first: nothing later in the batch belongs to a forgotten pipeline.
  for (const std::string& name : changes.forgottenPipelines) batch.forget_pipeline(name);
  // Executions before what refers to them (timers, outbox, tokens).
  for (const PipelineExecution* e : changes.executions) batch.execution(*e);
  for (const PipelineStageStates& states : changes.stageStates) batch.stage_states(states);
  for (const PendingTimer* timer : changes.timersSet) batch.set_timer(*timer);
  for (const std::string& id : changes.timersCleared) batch.clear_timer(id);
  std::vector<std::int64_t> seqs;
  seqs.reserve(changes.outboxAdded.size());
  for (const OutboxEffect& effect : changes.outboxAdded) {
    seqs.push_back(batch.add_to_outbox(effect));
  }
  for (std::int64_t seq : changes.outboxAcknowledged) batch.acknowledge(seq);
  for (const ClientRequestToken& token : changes.clientRequestTokens) batch.add_token(token);
  batch.ids(changes.ids);
  transaction.commit();
  batch.remember(impl_->committed, impl_->counts);
  return seqs;
}

}  // namespace lockstep::storage

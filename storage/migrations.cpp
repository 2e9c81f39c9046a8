// The schema, one numbered migration at a time. Conventions for every table:
// - times are INTEGER milliseconds since the Unix epoch (engine::Timestamp);
// - statuses and enums are TEXT spelled exactly as the API spells them ("InProgress", "QUEUED");
// - structured values the engine only stores and returns are JSON TEXT;
// - tables are STRICT, so a wrong type is an error rather than a silently converted value;
// - rows hang off pipelines with ON DELETE CASCADE, so DeletePipeline is one DELETE, and every
//   foreign key column leads an index, so that cascade never scans a whole table.
#include "storage/migrations.hpp"

#include <algorithm>
#include <array>
#include <string>

namespace lockstep::storage {

namespace {

// Version 1: pipelines and every version of their declarations.
constexpr const char* kPipelines = R"sql(
CREATE TABLE pipelines (
  name            TEXT PRIMARY KEY NOT NULL,
  current_version INTEGER NOT NULL,
  created         INTEGER NOT NULL,  -- when version 1 was stored
  updated         INTEGER NOT NULL   -- when the current version was stored
) STRICT;

-- Every version is kept: GetPipeline can return old ones and executions run on the version they
-- started with.
CREATE TABLE pipeline_versions (
  pipeline_name  TEXT NOT NULL REFERENCES pipelines (name) ON DELETE CASCADE,
  version        INTEGER NOT NULL,
  declaration    TEXT NOT NULL,  -- canonical API JSON (engine::to_json) without "version"
  pipeline_type  TEXT NOT NULL,  -- copied out of the declaration so listing needs no parsing
  execution_mode TEXT NOT NULL,
  created        INTEGER NOT NULL,
  PRIMARY KEY (pipeline_name, version)
) STRICT;
)sql";

// Version 2: the state of executions and of everything the orchestrator must find after a restart.
constexpr const char* kExecutionState = R"sql(
CREATE TABLE pipeline_executions (
  id                           TEXT PRIMARY KEY NOT NULL,  -- pipelineExecutionId (lowercase UUID)
  pipeline_name                TEXT NOT NULL REFERENCES pipelines (name) ON DELETE CASCADE,
  pipeline_version             INTEGER NOT NULL,  -- the version it started on, never changes
  ordinal                      INTEGER NOT NULL,  -- start order within the pipeline: E1 < E2
  status                       TEXT NOT NULL,
  status_summary               TEXT,
  execution_mode               TEXT NOT NULL,  -- the pipeline's mode when it started
  execution_type               TEXT NOT NULL DEFAULT 'STANDARD',  -- or ROLLBACK
  trigger_type                 TEXT NOT NULL,
  trigger_detail               TEXT,
  stop_trigger_reason          TEXT,
  rollback_target_execution_id TEXT,
  variables                    TEXT NOT NULL DEFAULT '[]',  -- resolved pipeline variables, JSON
  start_time                   INTEGER NOT NULL,
  last_update_time             INTEGER NOT NULL
) STRICT;
-- ListPipelineExecutions pages newest first; also the cascade index for pipeline_name.
CREATE UNIQUE INDEX pipeline_executions_by_pipeline
  ON pipeline_executions (pipeline_name, ordinal DESC);
-- Start-up recovery and the concurrency cap look only at executions still running.
CREATE INDEX pipeline_executions_active ON pipeline_executions (pipeline_name, ordinal)
  WHERE status IN ('InProgress', 'Stopping');

-- One row per (execution, stage): a retry updates the row and counts the attempt.
CREATE TABLE stage_executions (
  execution_id          TEXT NOT NULL REFERENCES pipeline_executions (id) ON DELETE CASCADE,
  stage_name            TEXT NOT NULL,
  status                TEXT NOT NULL,
  type                  TEXT NOT NULL DEFAULT 'STANDARD',  -- or ROLLBACK
  auto_retry_attempts   INTEGER NOT NULL DEFAULT 0,
  manual_retry_attempts INTEGER NOT NULL DEFAULT 0,
  latest_retry_trigger  TEXT,  -- AutomatedStageRetry or ManualStageRetry
  start_time            INTEGER NOT NULL,
  last_update_time      INTEGER NOT NULL,
  PRIMARY KEY (execution_id, stage_name)
) STRICT;

-- Every attempt of an action is its own row (a retry gets a new actionExecutionId); old attempts
-- are history and never change.
CREATE TABLE action_executions (
  id                     TEXT PRIMARY KEY NOT NULL,  -- actionExecutionId
  execution_id           TEXT NOT NULL REFERENCES pipeline_executions (id) ON DELETE CASCADE,
  stage_name             TEXT NOT NULL,
  action_name            TEXT NOT NULL,
  attempt                INTEGER NOT NULL DEFAULT 1,
  status                 TEXT NOT NULL,
  summary                TEXT,
  external_execution_id  TEXT,
  external_execution_url TEXT,
  error_code             TEXT,
  error_message          TEXT,
  resolved_configuration TEXT,  -- JSON object, variables substituted
  output_variables       TEXT,  -- JSON object
  token_hash             TEXT,  -- SHA-256 of the job/approval token; the token itself is not kept
  start_time             INTEGER NOT NULL,
  last_update_time       INTEGER NOT NULL,
  updated_by             TEXT,
  UNIQUE (execution_id, stage_name, action_name, attempt)
) STRICT;
CREATE INDEX action_executions_running ON action_executions (execution_id)
  WHERE status = 'InProgress';

-- Artifact names are unique within a pipeline, so (execution, name) identifies one; a retried
-- action replaces the row its earlier attempt wrote.
CREATE TABLE artifacts (
  execution_id        TEXT NOT NULL REFERENCES pipeline_executions (id) ON DELETE CASCADE,
  name                TEXT NOT NULL,
  action_execution_id TEXT REFERENCES action_executions (id) ON DELETE CASCADE,
  location            TEXT NOT NULL,
  revision            TEXT,
  PRIMARY KEY (execution_id, name)
) STRICT;
CREATE INDEX artifacts_by_action_execution ON artifacts (action_execution_id);

CREATE TABLE source_revisions (
  execution_id     TEXT NOT NULL REFERENCES pipeline_executions (id) ON DELETE CASCADE,
  action_name      TEXT NOT NULL,
  revision_id      TEXT NOT NULL,
  revision_summary TEXT,
  revision_url     TEXT,
  revision_type    TEXT,  -- COMMIT_ID, IMAGE_DIGEST, S3_OBJECT_VERSION_ID, S3_OBJECT_KEY
  PRIMARY KEY (execution_id, action_name)
) STRICT;

-- Only transitions someone changed have a row; a missing row means enabled.
CREATE TABLE transitions (
  pipeline_name   TEXT NOT NULL REFERENCES pipelines (name) ON DELETE CASCADE,
  stage_name      TEXT NOT NULL,
  enabled         INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
  disabled_reason TEXT,
  last_changed_by TEXT,
  last_changed_at INTEGER,
  PRIMARY KEY (pipeline_name, stage_name)
) STRICT;

CREATE TABLE approvals (
  action_execution_id TEXT PRIMARY KEY NOT NULL
                      REFERENCES action_executions (id) ON DELETE CASCADE,
  token_hash          TEXT NOT NULL,  -- SHA-256 of the token PutApprovalResult must present
  status              TEXT NOT NULL,  -- Pending, Approved, Rejected, Expired
  summary             TEXT,
  approver            TEXT,
  decided_at          INTEGER,
  expires_at          INTEGER NOT NULL
) STRICT;
CREATE INDEX approvals_pending_by_expiry ON approvals (expires_at) WHERE decided_at IS NULL;

-- Providers redeliver; the stored response is replayed for a delivery already recorded.
CREATE TABLE webhook_deliveries (
  provider     TEXT NOT NULL,  -- github, gitlab
  delivery_id  TEXT NOT NULL,  -- X-GitHub-Delivery, X-Gitlab-Event-UUID
  received_at  INTEGER NOT NULL,
  payload_hash TEXT NOT NULL,
  response     TEXT NOT NULL,  -- JSON
  PRIMARY KEY (provider, delivery_id)
) STRICT;
CREATE INDEX webhook_deliveries_by_age ON webhook_deliveries (received_at);

-- Effects stored in the transaction that decided them; dispatched only after it committed, and
-- re-dispatched at start-up while unacknowledged. AUTOINCREMENT: seq is never reused, so an
-- acknowledgement can never land on a later effect.
CREATE TABLE outbox (
  seq             INTEGER PRIMARY KEY AUTOINCREMENT,
  execution_id    TEXT REFERENCES pipeline_executions (id) ON DELETE CASCADE,
  kind            TEXT NOT NULL,  -- start action, cancel action, notify, arm timer
  payload         TEXT NOT NULL,  -- JSON
  created_at      INTEGER NOT NULL,
  acknowledged_at INTEGER
) STRICT;
CREATE INDEX outbox_unacknowledged ON outbox (seq) WHERE acknowledged_at IS NULL;
CREATE INDEX outbox_by_execution ON outbox (execution_id);

-- The id is chosen by the engine (e.g. "approval-timeout:<actionExecutionId>") so that arming
-- the same timer twice is one row and cancelling needs no lookup.
CREATE TABLE timers (
  id           TEXT PRIMARY KEY NOT NULL,
  execution_id TEXT REFERENCES pipeline_executions (id) ON DELETE CASCADE,
  kind         TEXT NOT NULL,
  fire_at      INTEGER NOT NULL,
  payload      TEXT NOT NULL DEFAULT '{}'  -- JSON
) STRICT;
CREATE INDEX timers_by_fire_at ON timers (fire_at);
CREATE INDEX timers_by_execution ON timers (execution_id);

-- StartPipelineExecution's clientRequestToken: the same token with the same request returns the
-- same execution; with a different request it is an error.
CREATE TABLE idempotency_tokens (
  pipeline_name TEXT NOT NULL REFERENCES pipelines (name) ON DELETE CASCADE,
  client_token  TEXT NOT NULL,
  execution_id  TEXT NOT NULL REFERENCES pipeline_executions (id) ON DELETE CASCADE,
  request_hash  TEXT NOT NULL,
  created       INTEGER NOT NULL,
  PRIMARY KEY (pipeline_name, client_token)
) STRICT;
CREATE INDEX idempotency_tokens_by_execution ON idempotency_tokens (execution_id);
CREATE INDEX idempotency_tokens_by_age ON idempotency_tokens (created);
)sql";

// Version 3: what the orchestrator needs to rebuild the engine's state exactly after a restart.
// - pipeline_executions.document holds the whole engine::PipelineExecution (storage's private JSON,
//   storage/execution_document.hpp); it is what a restart reads. The other columns, and the
//   stage_executions and action_executions rows, are kept up to date from it for listing and
//   filtering. '{}' marks a row written before version 3 or by something else: it cannot be
//   resumed, and reading it back is an error rather than a silent loss.
// - stage_states: per pipeline and stage, the lock holder, the executions waiting at the entry
//   or held by a disabled transition, and the latest execution. The stage's inbound transition
//   stays in `transitions`, which still has a row only for a transition someone changed: a row
//   whose values equal the default (enabled, never changed) is deleted.
// - engine_meta: small engine values by key; 'id_source' is the IdSource ({"seed", "counter"}).
// - outbox: acknowledged rows are deleted, not marked, so acknowledged_at is no longer set and
//   every row is unacknowledged; action_execution_id names the attempt an effect is about.
// - idempotency_tokens.request_hash is '' for tokens the engine records: it answers a repeated
//   token with the execution it started, whatever the request, and keeps no request to compare.
// - timers.execution_id is NULL when the execution has no row; artifacts, source_revisions and
//   approvals are not filled: the documents hold that data.
constexpr const char* kExecutionDocuments = R"sql(
ALTER TABLE pipeline_executions ADD COLUMN document TEXT NOT NULL DEFAULT '{}';

CREATE TABLE stage_states (
  pipeline_name TEXT NOT NULL REFERENCES pipelines (name) ON DELETE CASCADE,
  stage_name    TEXT NOT NULL,
  document      TEXT NOT NULL,  -- JSON: the StageState without its transition
  PRIMARY KEY (pipeline_name, stage_name)  -- leads with pipeline_name: the cascade index
) STRICT;

CREATE TABLE engine_meta (
  key   TEXT PRIMARY KEY NOT NULL,
  value TEXT NOT NULL  -- JSON
) STRICT;

ALTER TABLE outbox ADD COLUMN action_execution_id TEXT;
)sql";

// Version 4: the one-time links of manual approvals sent by email. Only the SHA-256 of a link's
// token is kept, so the table alone cannot approve anything. Rows are not tied to executions by
// a foreign key: the executor stores them after the attempt's batch committed, and the pages ask
// the engine whether the attempt still waits anyway. Links past their expiry are pruned when new
// ones are added (approval timeouts fail the attempt by then).
constexpr const char* kApprovalLinks = R"sql(
CREATE TABLE approval_links (
  token_hash            TEXT PRIMARY KEY NOT NULL,  -- lowercase hex SHA-256 of the link's token
  action_execution_id   TEXT NOT NULL,
  pipeline_name         TEXT NOT NULL,
  pipeline_execution_id TEXT NOT NULL,
  stage_name            TEXT NOT NULL,
  action_name           TEXT NOT NULL,
  approval_token        TEXT NOT NULL,  -- the attempt's PutApprovalResult token
  recipient             TEXT NOT NULL,  -- recorded as the approver
  decision              TEXT NOT NULL,  -- Approved or Rejected
  custom_data           TEXT NOT NULL DEFAULT '',
  external_entity_link  TEXT NOT NULL DEFAULT '',
  expires_at            INTEGER NOT NULL,
  created_at            INTEGER NOT NULL,
  used_at               INTEGER  -- NULL while the link can still decide
) STRICT;
CREATE INDEX approval_links_by_action ON approval_links (action_execution_id);
CREATE INDEX approval_links_by_expiry ON approval_links (expires_at);
)sql";

// Version 5: approval notifications stored with the links they carry (in the same transaction),
// so that mail a crash kept from being sent goes out after the restart. `message` holds the
// links' tokens and is erased (NULL) once the delivery was sent or given up.
constexpr const char* kApprovalDeliveries = R"sql(
CREATE TABLE approval_deliveries (
  id                  INTEGER PRIMARY KEY,
  action_execution_id TEXT NOT NULL,
  channel             TEXT NOT NULL,  -- mail, webhook or sns
  recipient           TEXT NOT NULL,
  message             TEXT,           -- NULL once sent or given up
  attempts            INTEGER NOT NULL DEFAULT 0,  -- failed attempts
  created_at          INTEGER NOT NULL,
  sent_at             INTEGER,
  given_up_at         INTEGER
) STRICT;
CREATE INDEX approval_deliveries_pending ON approval_deliveries (id) WHERE message IS NOT NULL;
CREATE INDEX approval_deliveries_by_action ON approval_deliveries (action_execution_id);
)sql";

// Version 6: each action attempt's document moves out of its execution's document into its own
// action_executions row, so finishing one action no longer rewrites every attempt of the
// execution. The row's columns are the source of truth for what they hold; the document keeps
// only the rest (artifacts, approval token and timer, flags). `position` is the attempt's index in
// start order. `revision` counts the writes of an execution (its row or any of its attempts), so a
// reader can tell a parse it kept is current without reading the documents.
constexpr const char* kAttemptDocuments = R"sql(
ALTER TABLE pipeline_executions ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
ALTER TABLE action_executions ADD COLUMN position INTEGER;
ALTER TABLE action_executions ADD COLUMN document TEXT;

UPDATE action_executions SET (position, document) = (
  SELECT CAST(a.key AS INTEGER),
         json_remove(a.value, '$.id', '$.stage', '$.action', '$.status', '$.summary',
                     '$.updatedBy', '$.start', '$.updated', '$.config', '$.outputVariables',
                     '$.externalId', '$.externalUrl', '$.error')
  FROM pipeline_executions e, json_each(e.document, '$.actions') a
  WHERE e.id = action_executions.execution_id AND json_extract(a.value, '$.id') = action_executions.id);
-- Only documents whose every attempt found its row lose their "actions"; the writer always
-- wrote both, and a document it did not is better kept whole than trimmed.
UPDATE pipeline_executions SET document = json_remove(document, '$.actions')
  WHERE json_type(document, '$.actions') IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM json_each(pipeline_executions.document, '$.actions') a
                  WHERE NOT EXISTS (SELECT 1 FROM action_executions x
                                    WHERE x.id = json_extract(a.value, '$.id')
                                    AND x.execution_id = pipeline_executions.id
                                    AND x.document IS NOT NULL));

-- Stage and attempt rows are keyed by their execution's start order, (pipeline_name, ordinal),
-- instead of its id: execution ids are random (version 4), so keying by them put every new row
-- on a random page of each index, and a batch rewrote hundreds of such pages. Running
-- executions are the newest, so their rows now sit side by side. The tables are rebuilt (with
-- foreign keys off, see migrate()) because SQLite cannot change a table's keys in place.
CREATE TABLE stage_executions_v6 (
  pipeline_name         TEXT NOT NULL,
  ordinal               INTEGER NOT NULL,
  stage_name            TEXT NOT NULL,
  execution_id          TEXT NOT NULL,  -- pipelineExecutionId, for reading; not a key
  status                TEXT NOT NULL,
  type                  TEXT NOT NULL DEFAULT 'STANDARD',
  auto_retry_attempts   INTEGER NOT NULL DEFAULT 0,
  manual_retry_attempts INTEGER NOT NULL DEFAULT 0,
  latest_retry_trigger  TEXT,
  start_time            INTEGER NOT NULL,
  last_update_time      INTEGER NOT NULL,
  PRIMARY KEY (pipeline_name, ordinal, stage_name),
  FOREIGN KEY (pipeline_name, ordinal)
    REFERENCES pipeline_executions (pipeline_name, ordinal) ON DELETE CASCADE
) STRICT;
INSERT INTO stage_executions_v6
  SELECT e.pipeline_name, e.ordinal, s.stage_name, s.execution_id, s.status, s.type,
         s.auto_retry_attempts, s.manual_retry_attempts, s.latest_retry_trigger, s.start_time,
         s.last_update_time
  FROM stage_executions s JOIN pipeline_executions e ON e.id = s.execution_id;
DROP TABLE stage_executions;
ALTER TABLE stage_executions_v6 RENAME TO stage_executions;

CREATE TABLE action_executions_v6 (
  id                     TEXT PRIMARY KEY NOT NULL,  -- actionExecutionId
  pipeline_name          TEXT NOT NULL,
  ordinal                INTEGER NOT NULL,
  execution_id           TEXT NOT NULL,  -- pipelineExecutionId, for reading; not a key
  stage_name             TEXT NOT NULL,
  action_name            TEXT NOT NULL,
  attempt                INTEGER NOT NULL DEFAULT 1,
  status                 TEXT NOT NULL,
  summary                TEXT,
  external_execution_id  TEXT,
  external_execution_url TEXT,
  error_code             TEXT,
  error_message          TEXT,
  resolved_configuration TEXT,
  output_variables       TEXT,
  token_hash             TEXT,
  start_time             INTEGER NOT NULL,
  last_update_time       INTEGER NOT NULL,
  updated_by             TEXT,
  position               INTEGER,  -- index among the execution's attempts, in start order
  document               TEXT,     -- what the columns do not hold (see execution_document.hpp)
  UNIQUE (pipeline_name, ordinal, stage_name, action_name, attempt),
  FOREIGN KEY (pipeline_name, ordinal)
    REFERENCES pipeline_executions (pipeline_name, ordinal) ON DELETE CASCADE
) STRICT;
INSERT INTO action_executions_v6
  SELECT a.id, e.pipeline_name, e.ordinal, a.execution_id, a.stage_name, a.action_name,
         a.attempt, a.status, a.summary, a.external_execution_id, a.external_execution_url,
         a.error_code, a.error_message, a.resolved_configuration, a.output_variables,
         a.token_hash, a.start_time, a.last_update_time, a.updated_by, a.position, a.document
  FROM action_executions a JOIN pipeline_executions e ON e.id = a.execution_id;
DROP TABLE action_executions;
ALTER TABLE action_executions_v6 RENAME TO action_executions;
CREATE INDEX action_executions_running ON action_executions (pipeline_name, ordinal)
  WHERE status = 'InProgress';
)sql";

constexpr std::array kMigrations{
    Migration{1, "pipelines and their versions", kPipelines},
    Migration{2, "execution state", kExecutionState},
    Migration{3, "execution documents", kExecutionDocuments},
    Migration{4, "approval links", kApprovalLinks},
    Migration{5, "approval deliveries", kApprovalDeliveries},
    Migration{6, "attempt documents, rows keyed by start order", kAttemptDocuments},
};

}  // namespace

std::span<const Migration> migrations() {
  return kMigrations;
}

int latest_schema_version() {
  return kMigrations.back().version;
}

void ensure_schema_known(Database& db) {
  const int found = db.user_version();
  if (found <= latest_schema_version()) return;
  throw StorageError("the database " + db.file().string() + " has schema version " +
                     std::to_string(found) + " but this build of Lockstep knows versions up to " +
                     std::to_string(latest_schema_version()) +
                     ": it was written by a newer Lockstep; run that version, or restore a backup "
                     "taken before the upgrade");
}

namespace {

// Migration 6 rebuilds tables, and dropping a table with foreign keys on would cascade into the
// rows that refer to it. SQLite ignores the pragma inside a transaction, so it is turned off
// around migrate()'s transaction, the keys are checked before it commits, and the connection's
// setting is restored afterwards.
class ForeignKeysOff {
 public:
  explicit ForeignKeysOff(Database& db) : db_(db) {
    auto query = db_.prepare("PRAGMA foreign_keys");
    wasOn_ = query.step() && query.column_int64(0) != 0;
    if (wasOn_) db_.exec("PRAGMA foreign_keys=OFF");
  }
  ~ForeignKeysOff() {
    if (!wasOn_) return;
    try {
      db_.exec("PRAGMA foreign_keys=ON");
    } catch (...) {
      // Cannot report from a destructor; the writer would then run without cascades, which
      // the next open corrects.
    }
  }
  ForeignKeysOff(const ForeignKeysOff&) = delete;
  ForeignKeysOff& operator=(const ForeignKeysOff&) = delete;

  // Throws when a row refers to a parent that does not exist.
  static void check(Database& db) {
    auto query = db.prepare("PRAGMA foreign_key_check");
    if (!query.step()) return;
    throw StorageError("after migrating " + db.file().string() + ", row " +
                       std::to_string(query.column_int64(1)) + " of " + query.column_text(0) +
                       " refers to a missing row of " + query.column_text(2) +
                       "; nothing was changed");
  }

 private:
  Database& db_;
  bool wasOn_ = false;
};

}  // namespace

int migrate(Database& db, int up_to) {
  if (up_to < 0 || up_to > latest_schema_version()) {
    throw StorageError("cannot migrate to schema version " + std::to_string(up_to) +
                       ": this build knows versions 1 to " +
                       std::to_string(latest_schema_version()));
  }
  // IMMEDIATE before reading user_version: two processes opening a new file at once then take
  // turns, and the second sees the first one's migrations instead of running them again.
  const ForeignKeysOff keys_off(db);
  Transaction transaction(db);
  ensure_schema_known(db);
  const int current = db.user_version();
  int applied = 0;
  for (const Migration& migration : kMigrations) {
    if (migration.version <= current || migration.version > up_to) continue;
    try {
      db.exec(migration.sql);
    } catch (const StorageError& error) {
      throw StorageError("migration " + std::to_string(migration.version) + " (" +
                             migration.description + ") failed on " + db.file().string() + ": " +
                             error.what(),
                         error.sqlite_code());
    }
    ++applied;
  }
  // user_version lives in the file header and changes with this transaction: either every
  // migration and the new number are durable, or none.
  if (applied > 0) {
    ForeignKeysOff::check(db);
    db.set_user_version(std::max(current, up_to));
  }
  transaction.commit();
  return applied;
}

}  // namespace lockstep::storage

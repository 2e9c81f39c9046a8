// Opening database files: fresh, reopened, from an older build, from a newer build, not a database.
#include <catch2/catch.hpp>

#include <fstream>
#include <set>
#include <string>

#include "engine/pipeline_json.hpp"
#include "storage/execution_document.hpp"
#include "storage/execution_queries.hpp"
#include "storage/migrations.hpp"
#include "storage/sqlite.hpp"
#include "storage/sqlite_store.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/unit/storage/sample_execution.hpp"
#include "tests/unit/storage/sample_pipeline.hpp"

using lockstep::storage::Database;
using lockstep::storage::OpenMode;
using lockstep::storage::SqliteStore;
using lockstep::storage::StorageError;
using lockstep::testing::sample_pipeline;
using lockstep::testing::TempDir;

namespace {

Database raw_connection(const std::filesystem::path& file) {
  return Database::open(file, OpenMode::ReadWriteCreate, 1000);
}

std::set<std::string> table_names(Database& db) {
  std::set<std::string> names;
  auto query = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'");
  while (query.step()) names.insert(query.column_text(0));
  return names;
}

std::int64_t count_rows(Database& db, const std::string& table) {
  auto query = db.prepare("SELECT count(*) FROM " + table);
  query.step();
  return query.column_int64(0);
}

}  // namespace

TEST_CASE("opening a new file creates every table at the latest schema version in WAL mode") {
  TempDir dir;
  const auto file = dir / "lockstep.db";
  auto store = SqliteStore::open(file);

  CHECK(store->schema_version() == lockstep::storage::latest_schema_version());
  CHECK(store->schema_version() == 6);

  auto db = raw_connection(file);
  CHECK(db.user_version() == 6);
  CHECK(db.journal_mode() == "wal");
  const auto tables = table_names(db);
  for (const char* table :
       {"pipelines", "pipeline_versions", "pipeline_executions", "stage_executions",
        "action_executions", "artifacts", "source_revisions", "transitions", "approvals",
        "webhook_deliveries", "outbox", "timers", "idempotency_tokens", "stage_states",
        "engine_meta", "approval_links", "approval_deliveries"}) {
    INFO("table " << table);
    CHECK(tables.count(table) == 1);
  }
}

TEST_CASE("reopening a database keeps its pipelines and runs no migration again") {
  TempDir dir;
  const auto file = dir / "lockstep.db";
  SqliteStore::open(file)->put_pipeline(sample_pipeline("kept"), 1000);

  auto reopened = SqliteStore::open(file);
  auto stored = reopened->get_pipeline("kept");
  REQUIRE(stored);
  CHECK(stored->declaration.version == 1);
  CHECK(stored->created == 1000);
  CHECK(reopened->schema_version() == 6);

  auto db = raw_connection(file);
  CHECK(lockstep::storage::migrate(db) == 0);  // nothing pending
  CHECK(count_rows(db, "pipeline_versions") == 1);
}

TEST_CASE("a database left by schema version 1 is migrated and keeps its pipelines") {
  TempDir dir;
  const auto file = dir / "lockstep.db";
  {
    // As the build before execution state existed left it: schema 1, one pipeline.
    auto db = raw_connection(file);
    REQUIRE(lockstep::storage::migrate(db, 1) == 1);
    REQUIRE(db.user_version() == 1);
    REQUIRE(table_names(db).count("pipeline_executions") == 0);
    auto json = lockstep::engine::to_json(sample_pipeline("old"));
    json.erase("version");
    db.exec("PRAGMA foreign_keys=ON");
    auto pipeline = db.prepare(
        "INSERT INTO pipelines (name, current_version, created, updated) VALUES ('old', 1, 5, 5)");
    pipeline.run();
    auto version = db.prepare(
        "INSERT INTO pipeline_versions (pipeline_name, version, declaration, pipeline_type, "
        "execution_mode, created) VALUES ('old', 1, :json, 'V1', 'SUPERSEDED', 5)");
    version.bind(":json", json.dump()).run();
  }

  auto store = SqliteStore::open(file);
  CHECK(store->schema_version() == 6);
  auto stored = store->get_pipeline("old");
  REQUIRE(stored);
  CHECK(stored->declaration == sample_pipeline("old"));
  CHECK(stored->created == 5);

  auto db = raw_connection(file);
  CHECK(table_names(db).count("pipeline_executions") == 1);
  CHECK(db.journal_mode() == "wal");
}

TEST_CASE(
    "a database left by schema version 2 is migrated to the latest and keeps its pipelines and "
    "rows") {
  TempDir dir;
  const auto file = dir / "lockstep.db";
  {
    // As the build before execution documents left it: schema 2, a pipeline, an execution.
    auto db = raw_connection(file);
    REQUIRE(lockstep::storage::migrate(db, 2) == 2);
    REQUIRE(table_names(db).count("stage_states") == 0);
    auto json = lockstep::engine::to_json(sample_pipeline("old"));
    json.erase("version");
    db.exec("PRAGMA foreign_keys=ON");
    db.exec(
        "INSERT INTO pipelines (name, current_version, created, updated) "
        "VALUES ('old', 1, 5, 5)");
    auto version = db.prepare(
        "INSERT INTO pipeline_versions (pipeline_name, version, declaration, pipeline_type, "
        "execution_mode, created) VALUES ('old', 1, :json, 'V1', 'SUPERSEDED', 5)");
    version.bind(":json", json.dump()).run();
    db.exec(R"sql(
      INSERT INTO pipeline_executions (id, pipeline_name, pipeline_version, ordinal, status,
        execution_mode, trigger_type, start_time, last_update_time)
        VALUES ('e1', 'old', 1, 1, 'Succeeded', 'SUPERSEDED', 'StartPipelineExecution', 1, 2);
      INSERT INTO outbox (execution_id, kind, payload, created_at, acknowledged_at)
        VALUES ('e1', 'start', '{}', 1, 2);
    )sql");
  }

  auto store = SqliteStore::open(file);
  CHECK(store->schema_version() == 6);
  auto stored = store->get_pipeline("old");
  REQUIRE(stored);
  CHECK(stored->declaration == sample_pipeline("old"));

  auto db = raw_connection(file);
  for (const char* table : {"stage_states", "engine_meta"}) {
    INFO("table " << table);
    CHECK(table_names(db).count(table) == 1);
  }
  // The old row is kept, marked as having no document.
  auto query = db.prepare("SELECT status, document FROM pipeline_executions WHERE id = 'e1'");
  REQUIRE(query.step());
  CHECK(query.column_text(0) == "Succeeded");
  CHECK(query.column_text(1) == "{}");
  // The acknowledged entry of the old outbox is not something to resume.
  CHECK(store->load(0).outbox.empty());
}

TEST_CASE(
    "a database left by schema version 5 moves each action attempt into its own row and loads "
    "the same executions") {
  TempDir dir;
  const auto file = dir / "lockstep.db";
  using Status = lockstep::engine::PipelineExecutionStatus;
  const auto running = lockstep::testing::rich_execution("old", "e1", 1, Status::InProgress);
  const auto finished = lockstep::testing::rich_execution("old", "e2", 2, Status::Failed);
  {
    // As schema 5 stored them: every attempt inside the execution's document, and rows for the
    // attempts with no document of their own.
    auto db = raw_connection(file);
    REQUIRE(lockstep::storage::migrate(db, 5) == 5);
    auto json = lockstep::engine::to_json(sample_pipeline("old"));
    json.erase("version");
    db.exec(
        "INSERT INTO pipelines (name, current_version, created, updated) "
        "VALUES ('old', 1, 5, 5)");
    db.prepare(
          "INSERT INTO pipeline_versions (pipeline_name, version, declaration, pipeline_type, "
          "execution_mode, created) VALUES ('old', 1, :json, 'V1', 'SUPERSEDED', 5)")
        .bind(":json", json.dump())
        .run();
    for (const auto* e : {&running, &finished}) {
      db.prepare(
            "INSERT INTO pipeline_executions (id, pipeline_name, pipeline_version, ordinal, "
            "status, execution_mode, trigger_type, start_time, last_update_time, document) "
            "VALUES (:id, 'old', 1, :ordinal, :status, 'PARALLEL', 'WebhookV2', 1, 2, :document)")
          .bind(":id", e->pipelineExecutionId)
          .bind(":ordinal", static_cast<std::int64_t>(e->sequence))
          .bind(":status", lockstep::engine::to_string(e->status))
          .bind(":document", lockstep::storage::to_document(*e))
          .run();
      int attempt = 0;
      for (const auto& a : e->actionExecutions) {
        // Every column as schema 5's writer filled it in.
        auto row = db.prepare(
            "INSERT INTO action_executions (id, execution_id, stage_name, action_name, attempt, "
            "status, summary, external_execution_id, external_execution_url, error_code, "
            "error_message, resolved_configuration, output_variables, start_time, "
            "last_update_time, updated_by) VALUES (:id, :execution, :stage, :action, :attempt, "
            ":status, :summary, :external_id, :external_url, :error_code, :error_message, "
            ":config, :outputs, :start, :updated, :updated_by)");
        row.bind(":id", a.actionExecutionId)
            .bind(":execution", e->pipelineExecutionId)
            .bind(":stage", a.stageName)
            .bind(":action", a.actionName)
            .bind(":attempt", ++attempt)
            .bind(":status", lockstep::engine::to_string(a.status))
            .bind(":summary", a.summary)
            .bind(":external_id", a.externalExecutionId)
            .bind(":external_url", a.externalExecutionUrl)
            .bind(":error_code", a.errorDetails->code)
            .bind(":error_message", a.errorDetails->message)
            .bind(":config", lockstep::storage::string_map_json(a.resolvedConfiguration))
            .bind(":outputs", lockstep::storage::string_map_json(a.outputVariables))
            .bind(":start", a.startTime)
            .bind(":updated", a.lastUpdateTime)
            .bind(":updated_by", a.updatedBy)
            .run();
      }
    }
  }

  {
    // Rows that refer to an attempt, and a stage row: the rebuilt tables keep them all.
    auto db = raw_connection(file);
    db.exec(R"sql(
      INSERT INTO stage_executions (execution_id, stage_name, status, start_time, last_update_time)
        VALUES ('e1', 'Source', 'Succeeded', 1, 2);
      INSERT INTO approvals (action_execution_id, token_hash, status, expires_at)
        VALUES ('a0-e1', 'h', 'Pending', 10);
      INSERT INTO artifacts (execution_id, name, action_execution_id, location)
        VALUES ('e1', 'Src', 'a0-e1', '/tmp/x');
    )sql");
  }

  auto store = SqliteStore::open(file);
  CHECK(store->schema_version() == 6);
  const auto stored = store->load(10);
  REQUIRE(stored.executions.size() == 2);
  CHECK(stored.executions[0] == running);
  CHECK(stored.executions[1] == finished);
  lockstep::storage::ExecutionQueries queries(*store);
  CHECK(*queries.find("old", "e2") == finished);

  auto db = raw_connection(file);
  auto documents = db.prepare(
      "SELECT count(*) FROM pipeline_executions WHERE json_type(document, '$.actions') IS NULL");
  REQUIRE(documents.step());
  CHECK(documents.column_int64(0) == 2);  // the attempts left the execution documents
  auto attempts = db.prepare(
      "SELECT group_concat(id || '@' || position, ' ') FROM (SELECT id, position FROM "
      "action_executions WHERE execution_id = 'e1' ORDER BY position)");
  REQUIRE(attempts.step());
  CHECK(attempts.column_text(0) == "a0-e1@0 a1-e1@1 a2-e1@2");
  // Keyed by the execution's start order now, and nothing that referred to them was lost.
  auto keys = db.prepare(
      "SELECT (SELECT group_concat(DISTINCT pipeline_name || '#' || ordinal) FROM "
      "action_executions WHERE execution_id = 'e2'), (SELECT pipeline_name || '#' || ordinal "
      "FROM stage_executions WHERE execution_id = 'e1')");
  REQUIRE(keys.step());
  CHECK(keys.column_text(0) == "old#2");
  CHECK(keys.column_text(1) == "old#1");
  CHECK(count_rows(db, "approvals") == 1);
  CHECK(count_rows(db, "artifacts") == 1);
  CHECK_FALSE(db.prepare("PRAGMA foreign_key_check").step());

  // The references follow the rebuilt tables: deleting the pipeline still takes everything.
  REQUIRE(store->delete_pipeline("old"));
  auto after = raw_connection(file);  // `db` still reads the snapshot its open statements hold
  for (const char* table :
       {"pipeline_executions", "stage_executions", "action_executions", "approvals", "artifacts"}) {
    INFO("table " << table);
    CHECK(count_rows(after, table) == 0);
  }
}

TEST_CASE("a database from a newer build is refused and left untouched") {
  TempDir dir;
  const auto file = dir / "lockstep.db";
  {
    auto db = raw_connection(file);
    db.exec("CREATE TABLE future (x INTEGER)");
    db.set_user_version(999);
  }

  CHECK_THROWS_WITH(SqliteStore::open(file),
                    Catch::Contains("schema version 999") && Catch::Contains("newer Lockstep"));

  auto db = raw_connection(file);
  CHECK(db.user_version() == 999);
  CHECK(db.journal_mode() == "delete");  // not switched to WAL
  CHECK(table_names(db) == std::set<std::string>{"future"});
}

TEST_CASE("a file that is not a database is refused with a clear error") {
  TempDir dir;
  const auto file = dir.write("lockstep.db", std::string(8192, 'x') + "this is not sqlite\n");

  CHECK_THROWS_WITH(SqliteStore::open(file),
                    Catch::Contains("is not a Lockstep database or it is damaged") &&
                        Catch::Contains(file.string()));
  // The file is still what it was: nothing was written into it.
  std::ifstream in(file, std::ios::binary);
  std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK(content == std::string(8192, 'x') + "this is not sqlite\n");
}

TEST_CASE("a database whose schema page is damaged is refused with a clear error") {
  TempDir dir;
  const auto file = dir / "lockstep.db";
  {
    auto store = SqliteStore::open(file);
    store->put_pipeline(sample_pipeline(), 1);
  }
  {
    // Fold the WAL back into the file, then overwrite page 1 after its 100-byte header: the
    // header still says "SQLite format 3" but the schema table is garbage.
    auto db = raw_connection(file);
    db.exec("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode=DELETE");
  }
  {
    std::fstream out(file, std::ios::binary | std::ios::in | std::ios::out);
    out.seekp(100);
    const std::string garbage(3000, '\x5a');
    out.write(garbage.data(), static_cast<std::streamsize>(garbage.size()));
  }

  CHECK_THROWS_WITH(SqliteStore::open(file),
                    Catch::Contains("is not a Lockstep database or it is damaged"));
}

TEST_CASE("a database in a folder that does not exist cannot be opened and says which file") {
  TempDir dir;
  const auto file = dir / "missing" / "lockstep.db";
  CHECK_THROWS_AS(SqliteStore::open(file), StorageError);
  CHECK_THROWS_WITH(SqliteStore::open(file), Catch::Contains(file.string()));
}

TEST_CASE("migrating to a version this build does not know is refused") {
  TempDir dir;
  auto db = raw_connection(dir / "lockstep.db");
  const int latest = lockstep::storage::latest_schema_version();
  CHECK_THROWS_WITH(lockstep::storage::migrate(db, latest + 1),
                    Catch::Contains("knows versions 1 to " + std::to_string(latest)));
  CHECK(db.user_version() == 0);
}

TEST_CASE("deleting a pipeline removes its executions and everything recorded about them") {
  TempDir dir;
  const auto file = dir / "lockstep.db";
  auto store = SqliteStore::open(file);
  store->put_pipeline(sample_pipeline("gone"), 1);
  store->put_pipeline(sample_pipeline("stays"), 1);
  {
    auto db = raw_connection(file);
    db.exec("PRAGMA foreign_keys=ON");
    db.exec(R"sql(
      INSERT INTO pipeline_executions (id, pipeline_name, pipeline_version, ordinal, status,
        execution_mode, trigger_type, start_time, last_update_time)
        VALUES ('e1', 'gone', 1, 1, 'InProgress', 'SUPERSEDED', 'StartPipelineExecution', 1, 1),
               ('e2', 'stays', 1, 1, 'InProgress', 'SUPERSEDED', 'StartPipelineExecution', 1, 1);
      INSERT INTO stage_executions (pipeline_name, ordinal, execution_id, stage_name, status,
        start_time, last_update_time) VALUES ('gone', 1, 'e1', 'Source', 'InProgress', 1, 1);
      INSERT INTO action_executions (id, pipeline_name, ordinal, execution_id, stage_name,
        action_name, status, start_time, last_update_time)
        VALUES ('a1', 'gone', 1, 'e1', 'Source', 'Checkout', 'InProgress', 1, 1);
      INSERT INTO approvals (action_execution_id, token_hash, status, expires_at)
        VALUES ('a1', 'h', 'Pending', 10);
      INSERT INTO artifacts (execution_id, name, action_execution_id, location)
        VALUES ('e1', 'Src', 'a1', '/tmp/x');
      INSERT INTO source_revisions (execution_id, action_name, revision_id)
        VALUES ('e1', 'Checkout', 'abc');
      INSERT INTO transitions (pipeline_name, stage_name, enabled) VALUES ('gone', 'Build', 0);
      INSERT INTO stage_states (pipeline_name, stage_name, document) VALUES ('gone', 'Build', '{}');
      INSERT INTO outbox (execution_id, kind, payload, created_at) VALUES ('e1', 'start', '{}', 1);
      INSERT INTO timers (id, execution_id, kind, fire_at) VALUES ('t1', 'e1', 'timeout', 9);
      INSERT INTO idempotency_tokens (pipeline_name, client_token, execution_id, request_hash,
        created) VALUES ('gone', 'tok', 'e1', 'h', 1);
    )sql");
  }

  REQUIRE(store->delete_pipeline("gone"));

  auto db = raw_connection(file);
  CHECK(count_rows(db, "pipeline_executions") == 1);  // the other pipeline's
  for (const char* table :
       {"stage_executions", "action_executions", "approvals", "artifacts", "source_revisions",
        "transitions", "stage_states", "outbox", "timers", "idempotency_tokens"}) {
    INFO("table " << table);
    CHECK(count_rows(db, table) == 0);
  }
  CHECK(store->get_pipeline("stays"));
}

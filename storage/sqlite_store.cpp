// engine::Store on SQLite: pipelines and their versions; writes on one connection, reads on a pool.
#include "storage/sqlite_store.hpp"

#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "engine/declaration_parser.hpp"
#include "engine/pipeline_json.hpp"
#include "storage/migrations.hpp"
#include "storage/sqlite.hpp"
#include "storage/sqlite_store_impl.hpp"

namespace lockstep::storage {

namespace {

// The declaration as stored: canonical JSON without "version", which is a column of its own, so
// that two declarations differing only in their version field compare equal.
nlohmann::json stored_form(const engine::PipelineDeclaration& declaration) {
  nlohmann::json json = engine::to_json(declaration);
  json.erase("version");
  return json;
}

nlohmann::json parse_json(std::string_view name, int version, const std::string& text) {
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& error) {
    throw StorageError("the stored declaration of pipeline " + std::string(name) + " version " +
                       std::to_string(version) + " is not JSON (" + error.what() + ")");
  }
}

engine::PipelineDeclaration parse_stored(std::string_view name, int version,
                                         const std::string& text) {
  auto parsed = engine::parse_pipeline_declaration(text, engine::DocumentFormat::Json,
                                                   engine::DeclarationRules::StructureOnly);
  if (!parsed.ok()) {
    const auto& first = parsed.problems.front();
    throw StorageError("the stored declaration of pipeline " + std::string(name) + " version " +
                       std::to_string(version) + " cannot be read back (" + first.path + ": " +
                       first.message + ")");
  }
  parsed.declaration.version = version;
  return std::move(parsed.declaration);
}

template <typename Enum, typename Parse>
Enum parse_column(Parse parse, const std::string& text, const char* what) {
  if (auto value = parse(text)) return *value;
  throw StorageError("the database holds an unknown " + std::string(what) + " '" + text + "'");
}

// Opens the writer and brings the schema up to date. The checks that can refuse a file come
// before the first write to it, so a refused file is left as it was found.
Database open_writer(const std::filesystem::path& file, const StoreOptions& options) {
  Database db = Database::open(file, OpenMode::ReadWriteCreate, options.busy_timeout_ms);
  try {
    // Per connection and a no-op inside a transaction, so it is set before anything else.
    db.exec("PRAGMA foreign_keys=ON");
    // Refuse a newer schema before switching the journal mode, which would write to its header.
    ensure_schema_known(db);
    db.enable_wal();
    // In WAL mode synchronous=NORMAL is consistent but may lose the last commits on power loss;
    // the server answers 2xx only for durable state, so every commit syncs the WAL.
    db.exec("PRAGMA synchronous=FULL");
    // A batch rewrites hundreds of pages; 64 MiB keeps them cached between batches.
    db.exec("PRAGMA cache_size=-65536");
    // Checkpoints run on WalCheckpointer's thread, not inside a commit.
    db.exec("PRAGMA wal_autocheckpoint=0");
    migrate(db);
  } catch (const StorageError& error) {
    if (!is_damaged_file_error(error)) throw;
    throw StorageError(file.string() +
                           " is not a Lockstep database or it is damaged; restore it from a "
                           "backup or move it away to start afresh (sqlite: " +
                           error.what() + ")",
                       error.sqlite_code());
  }
  return db;
}

}  // namespace

SqliteStore::SqliteStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

SqliteStore::~SqliteStore() = default;

std::unique_ptr<SqliteStore> SqliteStore::open(const std::filesystem::path& file,
                                               StoreOptions options) {
  auto impl = std::make_unique<Impl>(open_writer(file, options), file, options);
  std::unique_ptr<SqliteStore> store(new SqliteStore(std::move(impl)));
  store->count_stored_executions();
  return store;
}

ReadPool& SqliteStore::read_pool() const {
  return impl_->readers;
}

int SqliteStore::schema_version() const {
  auto db = impl_->readers.acquire();
  return db->user_version();
}

engine::PutPipelineResult SqliteStore::put_pipeline(const engine::PipelineDeclaration& declaration,
                                                    engine::Timestamp now) {
  const nlohmann::json candidate = stored_form(declaration);
  std::lock_guard lock(impl_->writer_mutex);
  Database& db = impl_->writer;
  Transaction transaction(db);

  int current = 0;
  {
    auto query = db.cached(
        "SELECT p.current_version, v.declaration FROM pipelines p "
        "JOIN pipeline_versions v ON v.pipeline_name = p.name AND v.version = p.current_version "
        "WHERE p.name = ?1");
    query->bind(1, declaration.name);
    if (query->step()) {
      current = query->column_int(0);
      // Compared as JSON values, not text, so a different but equivalent serialization (member
      // order, spacing) of an older row is not mistaken for a change.
      if (parse_json(declaration.name, current, query->column_text(1)) == candidate) {
        return {engine::PutOutcome::Unchanged, current};
      }
    }
  }

  const int next = current + 1;
  {
    // The pipelines row first: pipeline_versions references it.
    auto upsert = db.cached(
        "INSERT INTO pipelines (name, current_version, created, updated) VALUES (?1, ?2, ?3, ?3) "
        "ON CONFLICT (name) DO UPDATE SET current_version = excluded.current_version, "
        "updated = excluded.updated");
    upsert->bind(1, declaration.name).bind(2, next).bind(3, now).run();
  }
  {
    auto insert = db.cached(
        "INSERT INTO pipeline_versions "
        "(pipeline_name, version, declaration, pipeline_type, execution_mode, created) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    insert->bind(1, declaration.name)
        .bind(2, next)
        .bind(3, candidate.dump())
        .bind(4, engine::to_string(declaration.pipelineType))
        .bind(5, engine::to_string(declaration.executionMode))
        .bind(6, now)
        .run();
  }
  transaction.commit();
  return {current == 0 ? engine::PutOutcome::Created : engine::PutOutcome::Updated, next};
}

std::optional<engine::StoredPipeline> SqliteStore::get_pipeline(std::string_view name,
                                                                std::optional<int> version) const {
  int found = 0;
  std::string text;
  engine::StoredPipeline stored;
  {
    auto db = impl_->readers.acquire();
    auto query = db->cached(
        "SELECT v.version, v.declaration, p.created, p.updated FROM pipelines p "
        "JOIN pipeline_versions v ON v.pipeline_name = p.name "
        "AND v.version = coalesce(?2, p.current_version) "
        "WHERE p.name = ?1");
    query->bind(1, name).bind(2, version);
    if (!query->step()) return std::nullopt;
    found = query->column_int(0);
    text = query->column_text(1);
    stored.created = query->column_int64(2);
    stored.updated = query->column_int64(3);
  }
  const std::string key(name);
  if (auto cached = impl_->parsed.find(key, found, text)) {
    stored.declaration = std::move(*cached);
    return stored;
  }
  // Parsed after the connection went back to the pool: parsing is the slow part.
  stored.declaration = parse_stored(name, found, text);
  impl_->parsed.remember(key, found, std::move(text), stored.declaration);
  return stored;
}

std::vector<engine::PipelineSummary> SqliteStore::list_pipelines() const {
  auto db = impl_->readers.acquire();
  auto query = db->cached(
      "SELECT p.name, p.current_version, v.pipeline_type, v.execution_mode, p.created, p.updated "
      "FROM pipelines p "
      "JOIN pipeline_versions v ON v.pipeline_name = p.name AND v.version = p.current_version "
      "ORDER BY p.name");
  std::vector<engine::PipelineSummary> summaries;
  while (query->step()) {
    engine::PipelineSummary summary;
    summary.name = query->column_text(0);
    summary.version = query->column_int(1);
    summary.pipelineType = parse_column<engine::PipelineType>(
        engine::parse_pipeline_type, query->column_text(2), "pipeline type");
    summary.executionMode = parse_column<engine::ExecutionMode>(
        engine::parse_execution_mode, query->column_text(3), "execution mode");
    summary.created = query->column_int64(4);
    summary.updated = query->column_int64(5);
    summaries.push_back(std::move(summary));
  }
  return summaries;
}

bool SqliteStore::delete_pipeline(std::string_view name) {
  std::lock_guard lock(impl_->writer_mutex);
  Database& db = impl_->writer;
  // One statement is its own transaction; ON DELETE CASCADE removes versions and history with it.
  auto remove = db.cached("DELETE FROM pipelines WHERE name = ?1");
  remove->bind(1, name).run();
  const bool removed = db.changes() > 0;
  impl_->committed.forget_pipeline(std::string(name));
  impl_->counts.forget_pipeline(std::string(name));
  impl_->parsed.forget(std::string(name));
  return removed;
}

}  // namespace lockstep::storage

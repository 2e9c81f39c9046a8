// The only file that calls sqlite3_* directly (tests/module_rules.sh checks it).
#include "storage/sqlite.hpp"

#include <sqlite3.h>

#include <limits>
#include <utility>

namespace lockstep::storage {

namespace {

std::string quote_sql(std::string_view sql) {
  constexpr std::size_t kMaxShown = 300;  // a migration's SQL is long; its start identifies it
  std::string shown(sql.substr(0, kMaxShown));
  if (sql.size() > kMaxShown) shown += "...";
  return shown;
}

[[noreturn]] void throw_error(sqlite3* db, int code, std::string_view doing, std::string_view sql) {
  std::string message = std::string(doing) + ": ";
  // sqlite3_errmsg describes the connection's latest error, which is this one; without a
  // connection only the code's generic text is known.
  message += db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(code);
  if (!sql.empty()) message += " (SQL: " + quote_sql(sql) + ")";
  throw StorageError(message, code & 0xff);
}

int to_int(std::size_t size, std::string_view sql) {
  if (size > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
    throw StorageError("value too large to bind (SQL: " + quote_sql(sql) + ")", SQLITE_TOOBIG);
  }
  return static_cast<int>(size);
}

}  // namespace

bool is_damaged_file_error(const StorageError& error) {
  return error.sqlite_code() == SQLITE_NOTADB || error.sqlite_code() == SQLITE_CORRUPT;
}

// ---- Statement ----

Statement::Statement(sqlite3* db, std::string_view sql) : db_(db), sql_(sql) {
  const char* tail = nullptr;
  const int rc = sqlite3_prepare_v3(db, sql_.data(), to_int(sql_.size(), sql_),
                                    SQLITE_PREPARE_PERSISTENT, &stmt_, &tail);
  if (rc != SQLITE_OK) throw_error(db, rc, "cannot prepare a statement", sql_);
  if (stmt_ == nullptr) throw StorageError("empty SQL statement", SQLITE_MISUSE);
}

Statement::Statement(Statement&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)),
      stmt_(std::exchange(other.stmt_, nullptr)),
      sql_(std::move(other.sql_)) {}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(stmt_);
    db_ = std::exchange(other.db_, nullptr);
    stmt_ = std::exchange(other.stmt_, nullptr);
    sql_ = std::move(other.sql_);
  }
  return *this;
}

Statement::~Statement() {
  sqlite3_finalize(stmt_);
}

void Statement::fail(int code, std::string_view doing) const {
  throw_error(db_, code, doing, sql_);
}

Statement& Statement::bind(int index, std::int64_t value) {
  const int rc = sqlite3_bind_int64(stmt_, index, value);
  if (rc != SQLITE_OK) fail(rc, "cannot bind parameter " + std::to_string(index));
  return *this;
}

Statement& Statement::bind(int index, std::string_view value) {
  // SQLITE_TRANSIENT: sqlite copies the text, so callers may pass temporaries.
  const int rc =
      sqlite3_bind_text(stmt_, index, value.data(), to_int(value.size(), sql_), SQLITE_TRANSIENT);
  if (rc != SQLITE_OK) fail(rc, "cannot bind parameter " + std::to_string(index));
  return *this;
}

Statement& Statement::bind(int index, std::nullptr_t) {
  const int rc = sqlite3_bind_null(stmt_, index);
  if (rc != SQLITE_OK) fail(rc, "cannot bind parameter " + std::to_string(index));
  return *this;
}

int Statement::parameter_index(std::string_view name) const {
  const int index = sqlite3_bind_parameter_index(stmt_, std::string(name).c_str());
  if (index == 0) {
    throw StorageError(
        "no parameter named " + std::string(name) + " (SQL: " + quote_sql(sql_) + ")",
        SQLITE_RANGE);
  }
  return index;
}

bool Statement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  fail(rc, "statement failed");
}

void Statement::run() {
  while (step()) {
  }
}

void Statement::reset() noexcept {
  // sqlite3_reset repeats the last step's error code; it was reported by step() already.
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

int Statement::column_count() const {
  return sqlite3_column_count(stmt_);
}

bool Statement::column_is_null(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

std::int64_t Statement::column_int64(int column) const {
  return sqlite3_column_int64(stmt_, column);
}

std::string Statement::column_text(int column) const {
  const auto* text = sqlite3_column_text(stmt_, column);
  if (text == nullptr) return {};
  // Reading the size after the text: sqlite3_column_bytes refers to the converted value.
  const int size = sqlite3_column_bytes(stmt_, column);
  return std::string(reinterpret_cast<const char*>(text), static_cast<std::size_t>(size));
}

std::optional<std::string> Statement::column_optional_text(int column) const {
  if (column_is_null(column)) return std::nullopt;
  return column_text(column);
}

std::optional<std::int64_t> Statement::column_optional_int64(int column) const {
  if (column_is_null(column)) return std::nullopt;
  return column_int64(column);
}

// ---- Database ----

Database::Database(sqlite3* db, std::filesystem::path file) : db_(db), file_(std::move(file)) {}

Database Database::open(const std::filesystem::path& file, OpenMode mode, int busy_timeout_ms) {
  // NOMUTEX: each connection is used by one thread at a time (see the class comment), so sqlite's
  // own per-connection mutex would only cost time.
  int flags = SQLITE_OPEN_NOMUTEX;
  flags |= mode == OpenMode::ReadOnly ? SQLITE_OPEN_READONLY
                                      : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(file.c_str(), &raw, flags, nullptr);
  Database db(raw, file);  // owns the handle even when opening failed: sqlite allocates one
  if (rc != SQLITE_OK) {
    throw_error(raw, rc, "cannot open the database file " + file.string(), {});
  }
  sqlite3_extended_result_codes(raw, 1);
  db.set_busy_timeout(busy_timeout_ms);
  return db;
}

Database::Database(Database&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)),
      file_(std::move(other.file_)),
      cache_(std::move(other.cache_)) {}

Database& Database::operator=(Database&& other) noexcept {
  if (this != &other) {
    close();
    db_ = std::exchange(other.db_, nullptr);
    file_ = std::move(other.file_);
    cache_ = std::move(other.cache_);
  }
  return *this;
}

Database::~Database() {
  close();
}

void Database::close() noexcept {
  cache_.clear();  // statements must be finalized before their connection closes
  sqlite3_close_v2(db_);
  db_ = nullptr;
}

void Database::exec(std::string_view sql) {
  const std::string text(sql);
  const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) throw_error(db_, rc, "statement failed", text);
}

Statement Database::prepare(std::string_view sql) {
  return Statement(db_, sql);
}

CachedStatement Database::cached(std::string_view sql) {
  auto found = cache_.find(sql);
  if (found == cache_.end()) {
    auto statement = std::make_unique<Statement>(db_, sql);
    found = cache_.emplace(std::string(sql), std::move(statement)).first;
  }
  return CachedStatement(*found->second);
}

void Database::set_busy_timeout(int milliseconds) {
  const int rc = sqlite3_busy_timeout(db_, milliseconds);
  if (rc != SQLITE_OK) throw_error(db_, rc, "cannot set the busy timeout", {});
}

void Database::enable_wal() {
  auto statement = prepare("PRAGMA journal_mode=WAL");
  const std::string mode = statement.step() ? statement.column_text(0) : std::string();
  if (mode != "wal") {
    throw StorageError("cannot switch " + file_.string() +
                       " to write-ahead logging (journal mode stays '" + mode +
                       "'); is it on a network or read-only filesystem?");
  }
}

std::string Database::journal_mode() {
  auto statement = prepare("PRAGMA journal_mode");
  return statement.step() ? statement.column_text(0) : std::string();
}

int Database::user_version() {
  auto statement = prepare("PRAGMA user_version");
  return statement.step() ? statement.column_int(0) : 0;
}

void Database::set_user_version(int version) {
  // Pragmas take no parameters; an int cannot inject anything.
  exec("PRAGMA user_version=" + std::to_string(version));
}

bool Database::in_transaction() const {
  return sqlite3_get_autocommit(db_) == 0;
}

std::int64_t Database::last_insert_rowid() const {
  return sqlite3_last_insert_rowid(db_);
}

int Database::changes() const {
  return sqlite3_changes(db_);
}

// ---- Transaction ----

// Cached like any statement: a busy writer begins and commits thousands of times.
Transaction::Transaction(Database& db, Kind kind) : db_(db) {
  db_.cached(kind == Kind::Immediate ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED")->run();
}

Transaction::~Transaction() {
  if (done_ || !db_.in_transaction()) return;
  try {
    db_.cached("ROLLBACK")->run();
  } catch (...) {
    // A destructor cannot report it; the transaction stays open, so the connection's next
    // BEGIN fails loudly instead of silently writing into it.
  }
}

void Transaction::commit() {
  db_.cached("COMMIT")->run();
  done_ = true;
}

}  // namespace lockstep::storage

// A small RAII wrapper over the sqlite3 C API: connections, prepared statements, transactions.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "storage/storage_error.hpp"

// sqlite's handle types, declared here so that only sqlite.cpp includes <sqlite3.h>.
struct sqlite3;
struct sqlite3_stmt;

namespace lockstep::storage {

enum class OpenMode {
  ReadWriteCreate,  // the writer: creates the file when missing
  ReadOnly,         // query connections: can never take the write lock by accident
};

// One prepared statement. Binding indexes are 1-based (as in SQL's ?1), column indexes 0-based.
// Not thread-safe: a statement belongs to its connection's current user.
class Statement {
 public:
  Statement(sqlite3* db, std::string_view sql);
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
  Statement& bind(int index, std::string_view value);
  Statement& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
  Statement& bind(int index, std::nullptr_t);
  template <typename T>
  Statement& bind(int index, const std::optional<T>& value) {
    return value ? bind(index, *value) : bind(index, nullptr);
  }
  // Named parameters (":name", "@name", "$name"), spelled with their prefix.
  template <typename T>
  Statement& bind(std::string_view name, const T& value) {
    return bind(parameter_index(name), value);
  }
  int parameter_index(std::string_view name) const;

  // Advances to the next row: true when a row is available, false when the statement is done.
  bool step();
  // Runs a statement that returns no rows (or whose rows do not matter) to completion.
  void run();
  // Makes the statement ready to run again and clears its bindings.
  void reset() noexcept;

  int column_count() const;
  bool column_is_null(int column) const;
  std::int64_t column_int64(int column) const;
  int column_int(int column) const { return static_cast<int>(column_int64(column)); }
  std::string column_text(int column) const;  // "" for NULL
  std::optional<std::string> column_optional_text(int column) const;
  std::optional<std::int64_t> column_optional_int64(int column) const;

  const std::string& sql() const { return sql_; }

 private:
  [[noreturn]] void fail(int code, std::string_view doing) const;

  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
  std::string sql_;
};

// A statement borrowed from a connection's cache for one use. Resetting it when the borrow ends
// matters: a half-read SELECT would otherwise keep its WAL snapshot (and the WAL file) pinned.
class CachedStatement {
 public:
  explicit CachedStatement(Statement& statement) : statement_(&statement) {}
  CachedStatement(const CachedStatement&) = delete;
  CachedStatement& operator=(const CachedStatement&) = delete;
  ~CachedStatement() { statement_->reset(); }

  Statement& operator*() const { return *statement_; }
  Statement* operator->() const { return statement_; }

 private:
  Statement* statement_;
};

// One connection. Opened in multi-thread mode (no sqlite mutex): a Database is used by one thread
// at a time, which its owner guarantees (the store's writer mutex, the reader pool).
class Database {
 public:
  static Database open(const std::filesystem::path& file, OpenMode mode, int busy_timeout_ms);
  Database(Database&& other) noexcept;
  Database& operator=(Database&& other) noexcept;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database();

  // Runs one or more statements that take no parameters (DDL, pragmas, BEGIN/COMMIT).
  void exec(std::string_view sql);
  // A fresh statement, finalized when it goes out of scope.
  Statement prepare(std::string_view sql);
  // The statement prepared once for this connection and reused on every later call.
  CachedStatement cached(std::string_view sql);

  void set_busy_timeout(int milliseconds);
  // Switches to WAL; throws unless sqlite confirms the mode (it cannot on some filesystems).
  void enable_wal();
  std::string journal_mode();
  int user_version();
  void set_user_version(int version);
  bool in_transaction() const;

  std::int64_t last_insert_rowid() const;
  int changes() const;  // rows changed by the last INSERT/UPDATE/DELETE
  const std::filesystem::path& file() const { return file_; }

 private:
  Database(sqlite3* db, std::filesystem::path file);
  void close() noexcept;

  struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };

  sqlite3* db_ = nullptr;
  std::filesystem::path file_;
  // unique_ptr keeps each Statement's address stable while the map rehashes.
  std::unordered_map<std::string, std::unique_ptr<Statement>, StringHash, std::equal_to<>> cache_;
};

// True when sqlite reported that the file is not a database or is damaged (NOTADB, CORRUPT), so
// callers can say so in words instead of passing on "file is not a database".
bool is_damaged_file_error(const StorageError& error);

// BEGIN ... COMMIT, rolled back on destruction unless commit() succeeded, so an exception
// anywhere inside leaves the database as it was.
class Transaction {
 public:
  enum class Kind {
    Immediate,  // takes the write lock now: a writer never fails half-way with SQLITE_BUSY
    Deferred,   // for readers: a consistent snapshot across several statements
  };

  explicit Transaction(Database& db, Kind kind = Kind::Immediate);
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();

  void commit();

 private:
  Database& db_;
  bool done_ = false;
};

}  // namespace lockstep::storage

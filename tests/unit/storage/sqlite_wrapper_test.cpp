// The sqlite wrapper: binding, transactions that roll back unless committed, errors that say why.
#include <catch2/catch.hpp>

#include <optional>
#include <string>

#include "storage/sqlite.hpp"
#include "tests/support/temp_dir.hpp"

using lockstep::storage::Database;
using lockstep::storage::OpenMode;
using lockstep::storage::StorageError;
using lockstep::storage::Transaction;
using lockstep::testing::TempDir;

namespace {

Database open_with_table(const TempDir& dir) {
  auto db = Database::open(dir / "wrapper.db", OpenMode::ReadWriteCreate, 1000);
  db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, size INTEGER) STRICT");
  return db;
}

std::int64_t count_rows(Database& db) {
  auto query = db.prepare("SELECT count(*) FROM t");
  query.step();
  return query.column_int64(0);
}

}  // namespace

TEST_CASE("values bound by index or by name read back with their types and NULLs") {
  TempDir dir;
  auto db = open_with_table(dir);
  db.prepare("INSERT INTO t (id, name, size) VALUES (?1, ?2, ?3)")
      .bind(1, 1)
      .bind(2, std::string_view("caf\xc3\xa9 with\0nul", 14))
      .bind(3, std::int64_t{1} << 40)
      .run();
  db.prepare("INSERT INTO t (id, name, size) VALUES (:id, :name, :size)")
      .bind(":id", 2)
      .bind(":name", nullptr)
      .bind(":size", std::optional<std::int64_t>{})
      .run();

  auto query = db.prepare("SELECT name, size FROM t ORDER BY id");
  REQUIRE(query.step());
  CHECK(query.column_text(0) == std::string("caf\xc3\xa9 with\0nul", 14));
  CHECK(query.column_int64(1) == (std::int64_t{1} << 40));
  REQUIRE(query.step());
  CHECK(query.column_is_null(0));
  CHECK(query.column_optional_text(0) == std::nullopt);
  CHECK(query.column_optional_int64(1) == std::nullopt);
  CHECK_FALSE(query.step());
}

TEST_CASE("a transaction that is not committed is rolled back when it goes out of scope") {
  TempDir dir;
  auto db = open_with_table(dir);
  {
    Transaction transaction(db);
    db.exec("INSERT INTO t (name) VALUES ('lost')");
    CHECK(db.in_transaction());
  }
  CHECK_FALSE(db.in_transaction());
  CHECK(count_rows(db) == 0);

  {
    Transaction transaction(db);
    db.exec("INSERT INTO t (name) VALUES ('kept')");
    transaction.commit();
  }
  CHECK(count_rows(db) == 1);
}

TEST_CASE("an exception inside a transaction leaves the database as it was") {
  TempDir dir;
  auto db = open_with_table(dir);
  auto write_then_fail = [&] {
    Transaction transaction(db);
    db.exec("INSERT INTO t (id, name) VALUES (1, 'first')");
    db.exec("INSERT INTO t (id, name) VALUES (1, 'same id')");  // violates the primary key
    transaction.commit();
  };
  CHECK_THROWS_AS(write_then_fail(), StorageError);
  CHECK(count_rows(db) == 0);
}

TEST_CASE("errors carry sqlite's message and the statement concerned") {
  TempDir dir;
  auto db = open_with_table(dir);
  CHECK_THROWS_WITH(db.prepare("SELECT nope FROM t"), Catch::Contains("no such column: nope") &&
                                                          Catch::Contains("SELECT nope FROM t"));
  CHECK_THROWS_WITH(db.exec("INSERT INTO t (size) VALUES ('not a number')"),
                    Catch::Contains("cannot store TEXT value in INTEGER column t.size"));
  auto statement = db.prepare("SELECT * FROM t WHERE id = :id");
  CHECK_THROWS_WITH(statement.bind(":missing", 1), Catch::Contains("no parameter named :missing"));
}

TEST_CASE("a cached statement is prepared once and comes back reset and unbound") {
  TempDir dir;
  auto db = open_with_table(dir);
  db.exec("INSERT INTO t (id, name) VALUES (1, 'a'), (2, 'b')");
  const char* sql = "SELECT name FROM t WHERE id = ?1 OR ?1 IS NULL ORDER BY id";
  const lockstep::storage::Statement* first = nullptr;
  {
    auto query = db.cached(sql);
    first = &*query;
    query->bind(1, 2);
    REQUIRE(query->step());
    CHECK(query->column_text(0) == "b");
  }
  {
    auto query = db.cached(sql);
    CHECK(&*query == first);
    REQUIRE(query->step());  // the binding is gone: ?1 IS NULL matches every row
    CHECK(query->column_text(0) == "a");
  }
}

TEST_CASE("a read-only connection cannot write") {
  TempDir dir;
  { auto db = open_with_table(dir); }
  auto reader = Database::open(dir / "wrapper.db", OpenMode::ReadOnly, 1000);
  CHECK_THROWS_WITH(reader.exec("INSERT INTO t (name) VALUES ('x')"),
                    Catch::Contains("readonly database"));
}

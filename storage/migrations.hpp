// The database schema as numbered migrations, tracked with PRAGMA user_version.
#pragma once

#include <span>

#include "storage/sqlite.hpp"

namespace lockstep::storage {

struct Migration {
  int version;              // user_version once applied; 1, 2, 3, ... without gaps
  const char* description;  // what it adds, for logs and error messages
  const char* sql;          // DDL only: it runs inside the migration transaction
};

// Every migration this build knows, in order. Released entries never change: a database already
// at version N has run entry N as it was, so a change of schema is always a new entry.
std::span<const Migration> migrations();

// The schema version this build writes.
int latest_schema_version();

// Throws StorageError, with a sentence saying what to do, when the file's schema is newer than
// this build: its tables may mean things this build does not know.
void ensure_schema_known(Database& db);

// Applies the migrations above the database's user_version, up to and including `up_to`, in one
// write transaction, and returns how many ran. Tests pass a smaller `up_to` to build a database
// as an older build left it. Throws StorageError when the file's schema is newer than this build.
int migrate(Database& db, int up_to = latest_schema_version());

}  // namespace lockstep::storage

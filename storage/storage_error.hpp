// The one exception storage/ throws: a sentence for the operator, plus sqlite's code when known.
#pragma once

#include <stdexcept>
#include <string>

namespace lockstep::storage {

// Thrown when the database cannot be opened, migrated or written (disk full, corrupt file, a
// schema newer than this build). Carries a sentence for the operator.
class StorageError : public std::runtime_error {
 public:
  explicit StorageError(const std::string& message, int sqlite_code = 0)
      : std::runtime_error(message), sqlite_code_(sqlite_code) {}

  // sqlite's primary result code (SQLITE_BUSY, SQLITE_NOTADB, ...), 0 when not from sqlite.
  int sqlite_code() const { return sqlite_code_; }

 private:
  int sqlite_code_;
};

}  // namespace lockstep::storage

// A fixed pool of read-only connections, so queries run beside the writer instead of behind it.
#pragma once

#include <condition_variable>
#include <filesystem>
#include <memory>
#include <mutex>
#include <vector>

#include "storage/sqlite.hpp"

namespace lockstep::storage {

class ReadPool {
 public:
  // A connection borrowed for one query (or one read transaction); returned on destruction.
  class Lease {
   public:
    Lease(ReadPool& pool, std::unique_ptr<Database> db) : pool_(&pool), db_(std::move(db)) {}
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease() { pool_->give_back(std::move(db_)); }

    Database& operator*() const { return *db_; }
    Database* operator->() const { return db_.get(); }

   private:
    ReadPool* pool_;
    std::unique_ptr<Database> db_;
  };

  // Opens `size` connections to a database that already exists and is already migrated.
  ReadPool(const std::filesystem::path& file, int size, int busy_timeout_ms);

  // Waits only for another query to finish when every connection is in use, never for a write:
  // in WAL mode a reader works on the last committed snapshot while the writer holds its lock.
  Lease acquire();

 private:
  void give_back(std::unique_ptr<Database> db);

  std::mutex mutex_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<Database>> idle_;
};

}  // namespace lockstep::storage

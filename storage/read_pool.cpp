// A fixed pool of read-only connections to one database file.
#include "storage/read_pool.hpp"

#include <string>

namespace lockstep::storage {

ReadPool::ReadPool(const std::filesystem::path& file, int size, int busy_timeout_ms) {
  if (size < 1) {
    throw StorageError("the store needs at least one read connection, not " + std::to_string(size));
  }
  idle_.reserve(static_cast<std::size_t>(size));
  for (int i = 0; i < size; ++i) {
    idle_.push_back(
        std::make_unique<Database>(Database::open(file, OpenMode::ReadOnly, busy_timeout_ms)));
  }
}

ReadPool::Lease ReadPool::acquire() {
  std::unique_lock lock(mutex_);
  returned_.wait(lock, [this] { return !idle_.empty(); });
  auto db = std::move(idle_.back());
  idle_.pop_back();
  return Lease(*this, std::move(db));
}

void ReadPool::give_back(std::unique_ptr<Database> db) {
  {
    std::lock_guard lock(mutex_);
    idle_.push_back(std::move(db));
  }
  returned_.notify_one();
}

}  // namespace lockstep::storage

// Moves committed pages from the WAL into the database file on a thread of its own, so that a
// commit never pays for a checkpoint and the WAL does not grow without bound.
#pragma once

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <thread>

namespace lockstep::storage {

class WalCheckpointer {
 public:
  // Opens its own connection to `file`; checkpoints every `interval` until destroyed.
  WalCheckpointer(const std::filesystem::path& file, int busy_timeout_ms,
                  std::chrono::milliseconds interval = std::chrono::milliseconds(500));
  WalCheckpointer(const WalCheckpointer&) = delete;
  WalCheckpointer& operator=(const WalCheckpointer&) = delete;
  ~WalCheckpointer();

 private:
  void run(const std::filesystem::path& file, int busy_timeout_ms);

  std::chrono::milliseconds interval_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace lockstep::storage

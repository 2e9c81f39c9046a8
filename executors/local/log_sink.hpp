// Where an action's output goes: appended to its log file and handed, in the same order, to every
// live follower (a browser tailing the log, a test).
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <string_view>
#include <system_error>

namespace lockstep::executors::local {

class LogSink {
 public:
  struct Follower {
    std::function<void(std::string_view chunk)> on_output;  // each chunk as it is written
    std::function<void()> on_end;                           // the log was closed; may be empty
  };

  struct Subscription {
    std::uint64_t id = 0;
    // Bytes already in the file when following began: read the file up to here, then every
    // later byte arrives through on_output, with nothing missed or repeated.
    std::uint64_t offset = 0;
    bool ended = false;  // the log was already closed; no callback will come
  };

  // Opens `file` for appending, creating it (and not its folder). Throws std::system_error.
  explicit LogSink(const std::filesystem::path& file);
  ~LogSink();
  LogSink(const LogSink&) = delete;
  LogSink& operator=(const LogSink&) = delete;

  // Thread-safe. Followers are called with the sink's lock held, so that they see chunks in file
  // order: they must return quickly and must not call back into this sink.
  void write(std::string_view chunk);
  // Ends the log: followers get on_end and are dropped; later writes are ignored.
  void close();

  Subscription follow(Follower follower);
  void unfollow(std::uint64_t id);

  const std::filesystem::path& path() const { return path_; }
  std::uint64_t size() const;
  std::size_t followers() const;
  // The first failure to write the file (disk full, ...); followers still get every chunk.
  std::error_code error() const;

 private:
  const std::filesystem::path path_;
  mutable std::mutex mutex_;
  int fd_ = -1;
  std::uint64_t size_ = 0;
  std::error_code error_;
  std::uint64_t next_id_ = 1;
  std::map<std::uint64_t, Follower> followers_;
};

}  // namespace lockstep::executors::local

// The log file is written with plain write(2) on an O_APPEND descriptor: no user-space buffer, so
// what a follower has seen is always already in the file.
#include "executors/local/log_sink.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

namespace lockstep::executors::local {

LogSink::LogSink(const std::filesystem::path& file) : path_(file) {
  fd_ = ::open(file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
  if (fd_ < 0) {
    throw std::system_error(errno, std::generic_category(), "cannot open log " + file.string());
  }
  struct stat info {};
  if (::fstat(fd_, &info) == 0) size_ = static_cast<std::uint64_t>(info.st_size);
}

LogSink::~LogSink() {
  if (fd_ >= 0) ::close(fd_);
}

void LogSink::write(std::string_view chunk) {
  if (chunk.empty()) return;
  std::lock_guard lock(mutex_);
  if (fd_ < 0) return;
  if (!error_) {
    const char* data = chunk.data();
    std::size_t left = chunk.size();
    while (left > 0) {
      const ssize_t written = ::write(fd_, data, left);
      if (written < 0) {
        if (errno == EINTR) continue;
        error_ = std::error_code(errno, std::generic_category());
        break;
      }
      data += written;
      left -= static_cast<std::size_t>(written);
      size_ += static_cast<std::uint64_t>(written);
    }
  }
  for (auto& [id, follower] : followers_) {
    if (follower.on_output) follower.on_output(chunk);
  }
}

void LogSink::close() {
  std::map<std::uint64_t, Follower> followers;
  {
    std::lock_guard lock(mutex_);
    if (fd_ < 0) return;
    ::close(fd_);
    fd_ = -1;
    followers.swap(followers_);
  }
  for (auto& [id, follower] : followers) {
    if (follower.on_end) follower.on_end();
  }
}

LogSink::Subscription LogSink::follow(Follower follower) {
  std::lock_guard lock(mutex_);
  Subscription subscription{next_id_++, size_, fd_ < 0};
  if (!subscription.ended) followers_.emplace(subscription.id, std::move(follower));
  return subscription;
}

void LogSink::unfollow(std::uint64_t id) {
  std::lock_guard lock(mutex_);
  followers_.erase(id);
}

std::uint64_t LogSink::size() const {
  std::lock_guard lock(mutex_);
  return size_;
}

std::size_t LogSink::followers() const {
  std::lock_guard lock(mutex_);
  return followers_.size();
}

std::error_code LogSink::error() const {
  std::lock_guard lock(mutex_);
  return error_;
}

}  // namespace lockstep::executors::local

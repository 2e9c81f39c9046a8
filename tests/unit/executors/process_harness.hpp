// Runs real processes through a ProcessRunner on a private io_context, for the executor tests.
#pragma once

#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <optional>
#include <sstream>
#include <string>

#include <boost/asio/io_context.hpp>

#include "executors/local/process_runner.hpp"
#include "tests/support/temp_dir.hpp"

namespace lockstep::executors::local::testing {

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline std::uint64_t fnv1a(std::string_view bytes) {
  std::uint64_t hash = 1469598103934665603ULL;
  for (const char c : bytes) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ULL;
  }
  return hash;
}

// Waits (up to a generous limit) for a process to end; a zombie counts as ended. SIGKILL is
// delivered at once but a process takes a moment to die, so a plain check would race.
inline bool process_ends(pid_t pid, std::chrono::milliseconds limit = std::chrono::seconds(10)) {
  const int pidfd = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
  if (pidfd < 0) return errno == ESRCH;
  pollfd watch{pidfd, POLLIN, 0};
  const int ready = ::poll(&watch, 1, static_cast<int>(limit.count()));
  ::close(pidfd);
  return ready == 1;
}

inline pid_t read_pid(const std::filesystem::path& file) {
  return static_cast<pid_t>(std::stol("0" + read_file(file)));
}

struct Harness {
  lockstep::testing::TempDir dir{"lockstep-executors"};
  boost::asio::io_context io;
  ProcessRunner runner{io.get_executor()};
  std::shared_ptr<LogSink> log = std::make_shared<LogSink>(dir / "action.log");

  // A /bin/sh script in the temp dir with a minimal PATH and the log attached.
  ProcessSpec script(std::string text) const {
    ProcessSpec spec;
    spec.argv = shell_command(Shell::Sh, std::move(text));
    spec.environment = {{"PATH", "/usr/bin:/bin"}};
    spec.working_directory = dir.path();
    spec.log = log;
    return spec;
  }

  // Runs to completion on this thread; fails the test unless `done` came exactly once.
  ProcessResult run(ProcessSpec spec, ProcessRunner* with = nullptr) {
    std::optional<ProcessResult> result;
    int calls = 0;
    (with != nullptr ? *with : runner).run(std::move(spec), [&](ProcessResult finished) {
      ++calls;
      result = std::move(finished);
    });
    io.restart();
    io.run_for(std::chrono::seconds(60));  // returns as soon as nothing is left to do
    REQUIRE(calls == 1);
    return *result;
  }

  std::string log_text() const { return read_file(log->path()); }
};

}  // namespace lockstep::executors::local::testing

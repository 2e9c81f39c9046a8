// Runs a program as a child process for tests: captured stdout and stderr, signals, waiting
// for an exit or for a log line, always with a timeout so a hung child fails the test quickly.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <regex>
#include <string>
#include <vector>

namespace lockstep::testing {

struct ProcessOptions {
  // Set in the child on top of this process's environment, from which every LOCKSTEP_* variable
  // is removed first: a developer's shell settings must not change what a test sees.
  std::map<std::string, std::string> environment;
  std::filesystem::path working_directory;  // empty: this process's
};

class Process {
 public:
  // Starts argv[0] (a path, not searched in PATH) with stdin from /dev/null, in its own process
  // group. Throws std::system_error when it cannot be started.
  explicit Process(std::vector<std::string> argv, ProcessOptions options = {});
  ~Process();  // kills the child with SIGKILL if it is still running
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  pid_t pid() const { return pid_; }
  void send_signal(int signal);

  // Waits for the child to exit and its output to end. The exit code, 128 + N when signal N
  // ended it, or nothing when `timeout` passes first.
  std::optional<int> wait(std::chrono::milliseconds timeout);

  // Reads stderr until a complete line matches `pattern` (std::regex_search) and returns that
  // line; nothing when the child's output ends or `timeout` passes first. Each call continues
  // after the line the previous call returned.
  std::optional<std::string> await_stderr_line(const std::regex& pattern,
                                               std::chrono::milliseconds timeout);

  const std::string& out() const { return out_.text; }  // everything read so far
  const std::string& err() const { return err_.text; }

 private:
  struct Stream {
    int fd = -1;
    std::string text;
  };
  // Reads output and watches for the exit until `done` says so or the deadline passes.
  bool pump(std::chrono::steady_clock::time_point deadline, const std::function<bool()>& done);
  void reap(bool block);
  bool finished() const { return status_.has_value() && out_.fd < 0 && err_.fd < 0; }

  pid_t pid_ = -1;
  int pidfd_ = -1;  // readable once the child exits; -1 where the kernel lacks pidfd_open
  Stream out_;
  Stream err_;
  std::size_t err_scanned_ = 0;  // await_stderr_line continues from here
  std::optional<int> status_;
};

struct ProcessResult {
  int status = -1;
  std::string out;
  std::string err;
};

// Runs a program to completion; throws std::runtime_error when it outlives `timeout`.
ProcessResult run_process(std::vector<std::string> argv, ProcessOptions options = {},
                          std::chrono::milliseconds timeout = std::chrono::seconds(30));

// Splits output into lines, without their newlines.
std::vector<std::string> lines_of(const std::string& text);

}  // namespace lockstep::testing

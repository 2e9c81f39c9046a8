// Runs one local process for an action (a Commands script, a buildspec phase, a deploy hook):
// its own process group, a clean environment, output masked and streamed to a LogSink, a
// timeout and a stop that kill the whole tree, and exactly one completion.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/any_io_executor.hpp>

#include "executors/local/action_slots.hpp"
#include "executors/local/log_sink.hpp"

namespace lockstep::executors::local {

// The child's whole environment: nothing of the server's reaches it unless copied in here.
using Environment = std::map<std::string, std::string>;

// Copies the named variables that are set in the server's own environment (an allow-list such as
// PATH, LANG, TZ from the server's configuration); names not set are skipped.
Environment inherited_environment(std::span<const std::string> names);

enum class Shell { Sh, Bash };

// The argv that runs `script` with `/bin/sh -c` or `/bin/bash -c`. The script is passed as one
// argument exactly as given: nothing is ever pasted into it. Values reach it through the
// environment.
std::vector<std::string> shell_command(Shell shell, std::string script);

struct ProcessSpec {
  // argv[0] is a path; without a '/' it is looked up in environment's PATH (default /usr/bin:/bin).
  std::vector<std::string> argv;
  Environment environment;
  std::filesystem::path working_directory;  // empty: the server's (actions always set one)
  // Every occurrence in the output becomes *** before it reaches the log or a follower.
  std::vector<std::string> secrets;
  // Where the output goes; may be shared by several runs of one action. Null: output discarded.
  std::shared_ptr<LogSink> log;
  // Zero: no limit. When it passes, SIGTERM goes to the process group, SIGKILL after kill_grace.
  std::chrono::milliseconds timeout{0};
  std::chrono::milliseconds kill_grace{std::chrono::seconds(10)};
  // After the process ends (and its group is killed), how long to keep reading output that a
  // process which escaped the group (setsid) may still hold open before giving up on it.
  std::chrono::milliseconds output_drain{std::chrono::seconds(5)};
};

struct ProcessResult {
  bool started = false;                  // false: `error` says why; nothing ran
  std::string error;                     // why it could not start (or why its status is unknown)
  std::optional<int> exit_code;          // it exited
  std::optional<int> signal;             // a signal ended it
  bool timed_out = false;                // the timeout passed and the tree was killed
  bool cancelled = false;                // cancel() reached it before it ended
  bool output_incomplete = false;        // output_drain passed with the pipe still held open
  std::chrono::nanoseconds duration{0};  // from start to exit, not counting the wait for a slot

  bool succeeded() const { return exit_code == 0 && !timed_out && !cancelled; }
};

using ProcessCompletion = std::function<void(ProcessResult)>;

class ProcessRun;

// A started (or waiting) run. Copies refer to the same run; dropping them does not stop it.
class ProcessHandle {
 public:
  ProcessHandle() = default;
  explicit ProcessHandle(std::shared_ptr<ProcessRun> run) : run_(std::move(run)) {}

  // Stop-and-abandon, from any thread: a waiting run never starts; a running one gets SIGTERM on
  // its whole process group, SIGKILL after kill_grace. Its completion says cancelled. After the
  // run has ended this does nothing.
  void cancel() const;

 private:
  std::shared_ptr<ProcessRun> run_;
};

class ProcessRunner {
 public:
  struct Options {
    // Wait for exits with pidfd_open (Linux 5.3+); false, or where the kernel or a seccomp
    // profile refuses it, a thread per run blocks in waitid instead.
    bool use_pidfd = true;
  };

  // `slots` (optional) limits how many runs, of this and other runners, go at once; it must
  // outlive every run. The io_context behind `executor` must outlive every run too.
  explicit ProcessRunner(boost::asio::any_io_executor executor, ActionSlots* slots = nullptr);
  ProcessRunner(boost::asio::any_io_executor executor, ActionSlots* slots, Options options);

  // Returns at once. `done` is called exactly once, on `executor` and never from inside run(),
  // after the process has ended and its output has been written to the log. Leftover processes
  // of its group are killed when it exits.
  ProcessHandle run(ProcessSpec spec, ProcessCompletion done);

 private:
  boost::asio::any_io_executor executor_;
  ActionSlots* slots_;
  Options options_;
};

}  // namespace lockstep::executors::local

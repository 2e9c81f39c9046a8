// Child processes for tests, on posix_spawn (see process.hpp).
#include "tests/support/process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <sstream>
#include <stdexcept>
#include <system_error>

namespace lockstep::testing {
namespace {

[[noreturn]] void fail(const std::string& what, int error = errno) {
  throw std::system_error(error, std::generic_category(), what);
}

std::vector<std::string> child_environment(const ProcessOptions& options) {
  std::vector<std::string> result;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    const std::string text(*entry);
    const std::string name = text.substr(0, text.find('='));
    if (name.starts_with("LOCKSTEP_") || options.environment.contains(name)) continue;
    result.push_back(text);
  }
  for (const auto& [name, value] : options.environment) result.push_back(name + "=" + value);
  return result;
}

std::vector<char*> pointers(std::vector<std::string>& strings) {
  std::vector<char*> result;
  for (auto& text : strings) result.push_back(text.data());
  result.push_back(nullptr);
  return result;
}

// Owns posix_spawn's attribute objects so every exit path destroys them.
struct SpawnSetup {
  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attributes;
  SpawnSetup() {
    posix_spawn_file_actions_init(&actions);
    posix_spawnattr_init(&attributes);
  }
  ~SpawnSetup() {
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
  }
  SpawnSetup(const SpawnSetup&) = delete;
  SpawnSetup& operator=(const SpawnSetup&) = delete;
};

int decode_status(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

}  // namespace

Process::Process(std::vector<std::string> argv, ProcessOptions options) {
  int out_pipe[2];
  int err_pipe[2];
  if (pipe2(out_pipe, O_CLOEXEC) != 0) fail("pipe2");
  if (pipe2(err_pipe, O_CLOEXEC) != 0) {
    const int error = errno;
    close(out_pipe[0]);
    close(out_pipe[1]);
    fail("pipe2", error);
  }
  SpawnSetup setup;
  posix_spawn_file_actions_addopen(&setup.actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&setup.actions, out_pipe[1], 1);
  posix_spawn_file_actions_adddup2(&setup.actions, err_pipe[1], 2);
  if (!options.working_directory.empty()) {
    posix_spawn_file_actions_addchdir_np(&setup.actions, options.working_directory.c_str());
  }
  // Catch2 catches SIGINT and SIGTERM in this process; the child must start with the defaults
  // and no blocked signals, as it would from a shell. Its own process group keeps a Ctrl-C
  // aimed at the test run from reaching it twice.
  sigset_t defaults;
  sigemptyset(&defaults);
  for (int signal : {SIGINT, SIGTERM, SIGPIPE, SIGHUP}) sigaddset(&defaults, signal);
  sigset_t empty;
  sigemptyset(&empty);
  posix_spawnattr_setsigdefault(&setup.attributes, &defaults);
  posix_spawnattr_setsigmask(&setup.attributes, &empty);
  posix_spawnattr_setpgroup(&setup.attributes, 0);
  posix_spawnattr_setflags(&setup.attributes,
                           POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETPGROUP);

  std::vector<std::string> environment = child_environment(options);
  auto argv_pointers = pointers(argv);
  auto environment_pointers = pointers(environment);
  const int error = posix_spawn(&pid_, argv_pointers[0], &setup.actions, &setup.attributes,
                                argv_pointers.data(), environment_pointers.data());
  close(out_pipe[1]);
  close(err_pipe[1]);
  out_.fd = out_pipe[0];
  err_.fd = err_pipe[0];
  if (error != 0) {
    close(out_.fd);
    close(err_.fd);
    fail("cannot start " + argv.front(), error);
  }
  fcntl(out_.fd, F_SETFL, O_NONBLOCK);
  fcntl(err_.fd, F_SETFL, O_NONBLOCK);
  pidfd_ = static_cast<int>(syscall(SYS_pidfd_open, pid_, 0));
}

Process::~Process() {
  if (!status_) {
    kill(pid_, SIGKILL);
    reap(true);
  }
  for (int fd : {out_.fd, err_.fd, pidfd_}) {
    if (fd >= 0) close(fd);
  }
}

void Process::send_signal(int signal) {
  if (!status_ && kill(pid_, signal) != 0) fail("kill");
}

void Process::reap(bool block) {
  int status = 0;
  pid_t result;
  do {
    result = waitpid(pid_, &status, block ? 0 : WNOHANG);
  } while (result < 0 && errno == EINTR);
  if (result == pid_) status_ = decode_status(status);
}

bool Process::pump(std::chrono::steady_clock::time_point deadline,
                   const std::function<bool()>& done) {
  using namespace std::chrono;
  while (!done()) {
    if (finished()) return false;
    const auto left = duration_cast<milliseconds>(deadline - steady_clock::now()).count();
    if (left <= 0) return false;
    std::vector<pollfd> fds;
    for (int fd : {out_.fd, err_.fd}) {
      if (fd >= 0) fds.push_back({fd, POLLIN, 0});
    }
    if (!status_ && pidfd_ >= 0) fds.push_back({pidfd_, POLLIN, 0});
    // Without a pidfd the exit is noticed by polling waitpid every 10 ms.
    const int wait_ms = (pidfd_ < 0 && !status_) ? std::min<long>(left, 10) : left;
    if (poll(fds.data(), fds.size(), static_cast<int>(wait_ms)) < 0 && errno != EINTR) {
      fail("poll");
    }
    for (Stream* stream : {&out_, &err_}) {
      if (stream->fd < 0) continue;
      char buffer[4096];
      for (;;) {
        const ssize_t n = read(stream->fd, buffer, sizeof buffer);
        if (n > 0) {
          stream->text.append(buffer, static_cast<std::size_t>(n));
          continue;
        }
        if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
          close(stream->fd);
          stream->fd = -1;
        }
        break;
      }
    }
    if (!status_) reap(false);
  }
  return true;
}

std::optional<int> Process::wait(std::chrono::milliseconds timeout) {
  pump(std::chrono::steady_clock::now() + timeout, [this] { return finished(); });
  if (!finished()) return std::nullopt;
  return status_;
}

std::optional<std::string> Process::await_stderr_line(const std::regex& pattern,
                                                      std::chrono::milliseconds timeout) {
  std::optional<std::string> found;
  auto scan = [&] {
    for (;;) {
      const auto end = err_.text.find('\n', err_scanned_);
      if (end == std::string::npos) return false;
      std::string line = err_.text.substr(err_scanned_, end - err_scanned_);
      err_scanned_ = end + 1;
      if (std::regex_search(line, pattern)) {
        found = std::move(line);
        return true;
      }
    }
  };
  pump(std::chrono::steady_clock::now() + timeout, scan);
  return found;
}

ProcessResult run_process(std::vector<std::string> argv, ProcessOptions options,
                          std::chrono::milliseconds timeout) {
  const std::string program = argv.front();
  Process process(std::move(argv), std::move(options));
  const auto status = process.wait(timeout);
  if (!status) throw std::runtime_error(program + " did not finish in time");
  return {*status, process.out(), process.err()};
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace lockstep::testing

// posix_spawn, never fork(): the daemon is large, and posix_spawn's vfork-style clone does not
// copy its page tables (see DESIGN.md, Executors).
#include "executors/local/process_spawn.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string_view>

namespace lockstep::executors::local {
namespace {

std::string describe(int error) {
  return std::strerror(error);
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

bool has_nul(std::string_view text) {
  return text.find('\0') != std::string_view::npos;
}

// execvp's search, but over the child's PATH, so the server's own PATH never decides.
std::string find_program(const std::string& name,
                         const std::map<std::string, std::string>& environment) {
  if (name.find('/') != std::string::npos) return name;
  auto path = environment.find("PATH");
  const std::string_view search =
      path != environment.end() ? std::string_view(path->second) : "/usr/bin:/bin";
  std::size_t begin = 0;
  while (begin <= search.size()) {
    std::size_t end = search.find(':', begin);
    if (end == std::string_view::npos) end = search.size();
    std::string directory(search.substr(begin, end - begin));
    if (directory.empty()) directory = ".";
    const std::string candidate = directory + "/" + name;
    if (::access(candidate.c_str(), X_OK) == 0 && !std::filesystem::is_directory(candidate)) {
      return candidate;
    }
    begin = end + 1;
  }
  return {};
}

}  // namespace

std::variant<SpawnedChild, std::string> spawn_child(
    const std::vector<std::string>& argv, const std::map<std::string, std::string>& environment,
    const std::filesystem::path& working_directory) {
  if (argv.empty() || argv.front().empty()) return std::string("no program to run");
  for (const std::string& argument : argv) {
    if (has_nul(argument)) return std::string("an argument contains a NUL byte");
  }
  std::vector<std::string> entries;
  for (const auto& [name, value] : environment) {
    if (name.empty() || name.find('=') != std::string::npos || has_nul(name) || has_nul(value)) {
      return "environment variable name \"" + name + "\" is not valid";
    }
    entries.push_back(name + "=" + value);
  }
  const std::string program = find_program(argv.front(), environment);
  if (program.empty()) return "program " + argv.front() + " not found in the action's PATH";
  if (!working_directory.empty()) {
    std::error_code error;
    if (!std::filesystem::is_directory(working_directory, error)) {
      return "working directory " + working_directory.string() + " does not exist";
    }
  }

  std::vector<char*> argv_pointers;
  for (const std::string& argument : argv)
    argv_pointers.push_back(const_cast<char*>(argument.c_str()));
  argv_pointers.push_back(nullptr);
  std::vector<char*> env_pointers;
  for (std::string& entry : entries) env_pointers.push_back(entry.data());
  env_pointers.push_back(nullptr);

  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) return "cannot create a pipe: " + describe(errno);

  SpawnSetup setup;
  // stdout and stderr share one pipe, so the log keeps the order in which the child wrote them.
  posix_spawn_file_actions_adddup2(&setup.actions, pipe_fds[1], 1);
  posix_spawn_file_actions_adddup2(&setup.actions, pipe_fds[1], 2);
  posix_spawn_file_actions_addopen(&setup.actions, 0, "/dev/null", O_RDONLY, 0);
  // Whatever the daemon forgot to mark close-on-exec (sockets, the database) stays out of reach.
  posix_spawn_file_actions_addclosefrom_np(&setup.actions, 3);
  if (!working_directory.empty()) {
    posix_spawn_file_actions_addchdir_np(&setup.actions, working_directory.c_str());
  }
  // Its own process group (id = its pid), so a timeout or a stop reaches the whole tree; signals
  // unblocked and at their defaults, whatever the daemon's threads ignore or block.
  sigset_t no_signals;
  sigemptyset(&no_signals);
  sigset_t all_signals;
  sigfillset(&all_signals);
  posix_spawnattr_setpgroup(&setup.attributes, 0);
  posix_spawnattr_setsigmask(&setup.attributes, &no_signals);
  posix_spawnattr_setsigdefault(&setup.attributes, &all_signals);
  posix_spawnattr_setflags(&setup.attributes,
                           POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

  pid_t pid = -1;
  const int error = ::posix_spawn(&pid, program.c_str(), &setup.actions, &setup.attributes,
                                  argv_pointers.data(), env_pointers.data());
  ::close(pipe_fds[1]);
  if (error != 0) {
    ::close(pipe_fds[0]);
    return "cannot start " + program + ": " + describe(error);
  }
  return SpawnedChild{pid, pipe_fds[0]};
}

}  // namespace lockstep::executors::local

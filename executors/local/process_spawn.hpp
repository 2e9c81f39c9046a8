// Starting one child with posix_spawn: its own process group, a given environment only, stdin
// from /dev/null, stdout and stderr into one pipe. Used by the process runner.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <map>
#include <string>
#include <variant>
#include <vector>

namespace lockstep::executors::local {

struct SpawnedChild {
  pid_t pid = -1;      // also the process group id
  int output_fd = -1;  // read end of the stdout+stderr pipe, O_CLOEXEC; the caller closes it
};

// argv[0] is a path; without a '/' it is looked up in the PATH of `environment` (not the
// server's). Returns the child or a sentence saying why it could not start.
std::variant<SpawnedChild, std::string> spawn_child(
    const std::vector<std::string>& argv, const std::map<std::string, std::string>& environment,
    const std::filesystem::path& working_directory);

}  // namespace lockstep::executors::local

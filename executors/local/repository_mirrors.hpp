// The bare mirrors of the repositories source actions read, one per repository URL under the
// data directory, shared by the source executor and the poller and fetched one at a time.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "executors/local/git.hpp"
#include "executors/local/source_repository.hpp"
#include "executors/local/workspace.hpp"

namespace lockstep::executors::local {

class RepositoryMirrors {
 public:
  // `repositories`: the server's `repositories:` list, with credentials already read.
  RepositoryMirrors(Workspace workspace, std::vector<SourceRepository> repositories);

  // The repository a source action reads, or why there is none (see locate_repository).
  std::variant<SourceRepository, std::string> locate(const GitSourceAction& source) const;

  std::filesystem::path mirror_path(const SourceRepository& repository) const;

  struct Updated {
    GitRepository mirror;  // opened for the calling thread
    FetchStats stats;
  };
  // Brings the repository's mirror up to date (creating it on first use) and returns it. Fetches
  // of one mirror are serialised; different mirrors fetch in parallel. Throws GitError with a
  // message that holds no credential.
  Updated update(const SourceRepository& repository, const StopRequested& stop = {});

 private:
  std::mutex& lock_for(const std::filesystem::path& mirror);

  Workspace workspace_;
  std::vector<SourceRepository> repositories_;
  std::mutex locks_mutex_;
  std::map<std::filesystem::path, std::unique_ptr<std::mutex>> locks_;
};

}  // namespace lockstep::executors::local

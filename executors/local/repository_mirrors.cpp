#include "executors/local/repository_mirrors.hpp"

#include <utility>

namespace lockstep::executors::local {

RepositoryMirrors::RepositoryMirrors(Workspace workspace,
                                     std::vector<SourceRepository> repositories)
    : workspace_(std::move(workspace)), repositories_(std::move(repositories)) {}

std::variant<SourceRepository, std::string> RepositoryMirrors::locate(
    const GitSourceAction& source) const {
  return locate_repository(source, repositories_);
}

std::filesystem::path RepositoryMirrors::mirror_path(const SourceRepository& repository) const {
  return workspace_.mirror_directory(repository.mirror_key());
}

std::mutex& RepositoryMirrors::lock_for(const std::filesystem::path& mirror) {
  const std::lock_guard<std::mutex> guard(locks_mutex_);
  auto& lock = locks_[mirror];
  if (!lock) lock = std::make_unique<std::mutex>();
  return *lock;
}

RepositoryMirrors::Updated RepositoryMirrors::update(const SourceRepository& repository,
                                                     const StopRequested& stop) {
  const std::filesystem::path path = mirror_path(repository);
  const std::lock_guard<std::mutex> guard(lock_for(path));
  try {
    GitRepository mirror = GitRepository::open_or_create_bare(path);
    const FetchStats stats = mirror.fetch_mirror(repository.url, repository.credentials, stop);
    return {std::move(mirror), stats};
  } catch (const GitError& error) {
    throw GitError(error.code(), "cannot fetch " + repository.describe(),
                   repository.scrub(error.reason()));
  }
}

}  // namespace lockstep::executors::local

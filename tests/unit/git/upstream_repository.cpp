#include "tests/unit/git/upstream_repository.hpp"

#include <catch2/catch.hpp>

#include <fstream>

#include "tests/support/process.hpp"

namespace lockstep::testing {

std::string run_git(const std::filesystem::path& folder, const std::vector<std::string>& arguments,
                    const std::map<std::string, std::string>& extra_environment) {
  std::vector<std::string> argv{"/usr/bin/git"};
  argv.insert(argv.end(), arguments.begin(), arguments.end());
  ProcessOptions options;
  options.working_directory = folder;
  // The developer's ~/.gitconfig (signing, hooks, default branch) must not change a test.
  options.environment = {{"GIT_CONFIG_NOSYSTEM", "1"},
                         {"GIT_CONFIG_GLOBAL", "/dev/null"},
                         {"GIT_AUTHOR_NAME", "Ada Lovelace"},
                         {"GIT_AUTHOR_EMAIL", "ada@example.com"},
                         {"GIT_COMMITTER_NAME", "Charles Babbage"},
                         {"GIT_COMMITTER_EMAIL", "charles@example.com"}};
  for (const auto& [name, value] : extra_environment) options.environment[name] = value;
  const ProcessResult result = run_process(argv, options);
  INFO("git " << arguments.front() << ": " << result.err);
  REQUIRE(result.status == 0);
  std::string out = result.out;
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

UpstreamRepository::UpstreamRepository(std::filesystem::path path, const std::string& branch)
    : path_(std::move(path)) {
  std::filesystem::create_directories(path_);
  git({"init", "--quiet", "--initial-branch=" + branch});
}

std::string UpstreamRepository::commit(const std::map<std::string, std::string>& files,
                                       const std::string& message, long long date) {
  for (const auto& [name, content] : files) {
    const auto file = path_ / name;
    std::filesystem::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << content;
  }
  git({"add", "--all"});
  const std::string when = std::to_string(date) + " +0000";
  run_git(
      path_, {"commit", "--quiet", "--allow-empty", "-m", message},
      {{"GIT_AUTHOR_DATE", when}, {"GIT_COMMITTER_DATE", std::to_string(date + 60) + " +0000"}});
  return git({"rev-parse", "HEAD"});
}

void UpstreamRepository::create_branch(const std::string& branch) {
  git({"switch", "--quiet", "-c", branch});
}

void UpstreamRepository::switch_to(const std::string& branch) {
  git({"switch", "--quiet", branch});
}

std::string UpstreamRepository::git(const std::vector<std::string>& arguments) const {
  return run_git(path_, arguments);
}

}  // namespace lockstep::testing

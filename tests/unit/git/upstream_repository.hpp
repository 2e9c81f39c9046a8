// A Git repository made by a test with the git command line: the "remote" that source actions
// and the poller fetch from.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace lockstep::testing {

class UpstreamRepository {
 public:
  // Creates a non-bare repository at `path` whose first branch is `branch`.
  explicit UpstreamRepository(std::filesystem::path path, const std::string& branch = "main");

  const std::filesystem::path& path() const { return path_; }
  std::string url() const { return path_.string(); }

  // Writes the files (path -> content), commits every change with `message` at `date` (seconds
  // since the epoch, UTC) and returns the new commit's id.
  std::string commit(const std::map<std::string, std::string>& files, const std::string& message,
                     long long date = 1700000000);
  // Creates `branch` at the current commit and switches to it.
  void create_branch(const std::string& branch);
  void switch_to(const std::string& branch);
  // Runs git with these arguments in the repository; returns its standard output.
  std::string git(const std::vector<std::string>& arguments) const;

 private:
  std::filesystem::path path_;
};

// Runs git with `arguments` in `folder` (test identity, no user or system configuration) and
// returns its standard output without the trailing newline; fails the test when git fails.
std::string run_git(const std::filesystem::path& folder, const std::vector<std::string>& arguments,
                    const std::map<std::string, std::string>& extra_environment = {});

}  // namespace lockstep::testing

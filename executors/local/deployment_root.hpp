// A deployment group's root folder: where destinations land, and under <root>/.lockstep/ the
// revisions deployed there and a record of the current one, so a failed deployment can put the
// previous revision's files back.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace lockstep::executors::local {

class DeploymentRoot {
 public:
  explicit DeploymentRoot(std::filesystem::path root);

  const std::filesystem::path& root() const { return root_; }
  // <root>/.lockstep/revisions/<deployment id>/
  std::filesystem::path revision_directory(const std::string& deployment_id) const;
  // The revision's bundle (a copy of the input artifact); hooks run from here.
  std::filesystem::path bundle_directory(const std::string& deployment_id) const;
  // Files that the deployment moved aside (overwritten or left by the previous deployment).
  std::filesystem::path displaced_directory(const std::string& deployment_id) const;

  // The last deployment that succeeded here, if any.
  std::optional<std::string> current() const;
  // Replaces the record atomically (write then rename) so a crash leaves the old or the new one.
  void set_current(const std::string& deployment_id) const;

  // Paths relative to the root, one per line in the revision's folder.
  std::vector<std::string> read_list(const std::string& deployment_id, const char* name) const;
  void write_list(const std::string& deployment_id, const char* name,
                  const std::vector<std::string>& paths) const;

  // `destination` (relative to the root) as a path under the root. Throws std::runtime_error when
  // it, or a symbolic link on the way, leads out of the root or into .lockstep/.
  std::filesystem::path resolve(const std::string& destination) const;

  // Removes the revisions other than the newest `keep` (the current one is always kept).
  void prune(std::size_t keep) const;

 private:
  std::filesystem::path root_;
};

}  // namespace lockstep::executors::local

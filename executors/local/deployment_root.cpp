#include "executors/local/deployment_root.hpp"

#include <algorithm>
#include <fstream>
#include <stdexcept>
#include <system_error>
#include <utility>

namespace lockstep::executors::local {

namespace fs = std::filesystem;

namespace {

constexpr const char* kStateFolder = ".lockstep";

bool inside(const fs::path& path, const fs::path& folder) {
  const auto [end, _] = std::mismatch(folder.begin(), folder.end(), path.begin(), path.end());
  return end == folder.end();
}

}  // namespace

DeploymentRoot::DeploymentRoot(fs::path root) : root_(fs::absolute(std::move(root))) {}

fs::path DeploymentRoot::revision_directory(const std::string& deployment_id) const {
  return root_ / kStateFolder / "revisions" / deployment_id;
}

fs::path DeploymentRoot::bundle_directory(const std::string& deployment_id) const {
  return revision_directory(deployment_id) / "bundle";
}

fs::path DeploymentRoot::displaced_directory(const std::string& deployment_id) const {
  return revision_directory(deployment_id) / "displaced";
}

std::optional<std::string> DeploymentRoot::current() const {
  std::ifstream in(root_ / kStateFolder / "current");
  std::string id;
  if (!std::getline(in, id) || id.empty()) return std::nullopt;
  if (!fs::is_directory(bundle_directory(id))) return std::nullopt;
  return id;
}

void DeploymentRoot::set_current(const std::string& deployment_id) const {
  const fs::path record = root_ / kStateFolder / "current";
  const fs::path staged = root_ / kStateFolder / "current.new";
  {
    std::ofstream out(staged, std::ios::trunc);
    out << deployment_id << "\n";
    if (!out.flush()) throw std::runtime_error("cannot write " + staged.string());
  }
  fs::rename(staged, record);
}

std::vector<std::string> DeploymentRoot::read_list(const std::string& deployment_id,
                                                   const char* name) const {
  std::ifstream in(revision_directory(deployment_id) / name);
  std::vector<std::string> paths;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) paths.push_back(line);
  }
  return paths;
}

void DeploymentRoot::write_list(const std::string& deployment_id, const char* name,
                                const std::vector<std::string>& paths) const {
  const fs::path file = revision_directory(deployment_id) / name;
  fs::create_directories(file.parent_path());
  std::ofstream out(file, std::ios::trunc);
  for (const std::string& path : paths) out << path << "\n";
  if (!out.flush()) throw std::runtime_error("cannot write " + file.string());
}

fs::path DeploymentRoot::resolve(const std::string& destination) const {
  const fs::path relative = fs::path(destination).relative_path().lexically_normal();
  if (relative.empty() || *relative.begin() == ".." || *relative.begin() == kStateFolder) {
    throw std::runtime_error("the destination /" + destination +
                             " is outside the deployment root or inside its .lockstep folder");
  }
  const fs::path target = root_ / relative;
  // A symbolic link already under the root could still point elsewhere: judge the real folder.
  std::error_code error;
  const fs::path real_root = fs::weakly_canonical(root_, error);
  const fs::path real_parent = fs::weakly_canonical(target.parent_path(), error);
  if (error || !inside(real_parent, real_root)) {
    throw std::runtime_error("the destination /" + destination +
                             " leads out of the deployment root through a symbolic link");
  }
  return target;
}

void DeploymentRoot::prune(std::size_t keep) const {
  const fs::path folder = root_ / kStateFolder / "revisions";
  std::error_code error;
  std::vector<std::pair<fs::file_time_type, fs::path>> revisions;
  for (const auto& entry : fs::directory_iterator(folder, error)) {
    revisions.emplace_back(entry.last_write_time(error), entry.path());
  }
  std::sort(revisions.begin(), revisions.end(),
            [](const auto& a, const auto& b) { return a.first > b.first; });
  const auto current_id = current();
  for (std::size_t i = keep; i < revisions.size(); ++i) {
    if (current_id && revisions[i].second.filename() == *current_id) continue;
    fs::remove_all(revisions[i].second, error);
  }
}

}  // namespace lockstep::executors::local

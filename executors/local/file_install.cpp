#include "executors/local/file_install.hpp"

#include <set>
#include <stdexcept>
#include <system_error>
#include <utility>

namespace lockstep::executors::local {

namespace fs = std::filesystem;

namespace {

struct Copy {
  fs::path source;
  std::string destination;  // relative to the root
};

std::string join(const std::string& folder, const std::string& name) {
  if (folder.empty()) return name;
  return folder + "/" + name;
}

// Every file (and symbolic link) of one `files` entry with where it lands; folders are implied.
void plan_entry(const AppSpecFile& file, const fs::path& bundle, std::vector<Copy>& copies) {
  const fs::path source = file.source.empty() ? bundle : bundle / file.source;
  const std::string destination = fs::path(file.destination).relative_path().string();
  const fs::file_status status = fs::symlink_status(source);
  if (!fs::exists(status)) {
    throw std::runtime_error("The source " + (file.source.empty() ? "/" : file.source) +
                             " named in appspec files does not exist in the revision");
  }
  if (!fs::is_directory(status)) {
    copies.push_back({source, join(destination, source.filename().string())});
    return;
  }
  // A folder source copies its contents, not the folder itself.
  for (auto it = fs::recursive_directory_iterator(source); it != fs::recursive_directory_iterator();
       ++it) {
    if (it->is_directory() && !it->is_symlink()) continue;
    const std::string relative = it->path().lexically_relative(source).generic_string();
    if (relative.find('\n') != std::string::npos) {
      throw std::runtime_error("The revision holds a file name with a line break: " + relative);
    }
    copies.push_back({it->path(), join(destination, relative)});
  }
}

// Moves `target` (relative path `relative`) into the deployment's displaced folder.
void displace(const DeploymentRoot& root, const std::string& deployment_id,
              const std::string& relative, const fs::path& target) {
  const fs::path kept = root.displaced_directory(deployment_id) / relative;
  fs::create_directories(kept.parent_path());
  fs::rename(target, kept);
}

void create_parents(const DeploymentRoot& root, const fs::path& target, InstallRecord& record) {
  std::vector<fs::path> missing;
  for (fs::path folder = target.parent_path(); folder != root.root() && !fs::exists(folder);
       folder = folder.parent_path()) {
    missing.push_back(folder);
  }
  for (auto it = missing.rbegin(); it != missing.rend(); ++it) {
    fs::create_directory(*it);
    record.created_directories.push_back(it->lexically_relative(root.root()).generic_string());
  }
}

}  // namespace

void install_files(const AppSpec& appspec, const DeploymentRoot& root,
                   const std::string& deployment_id, const std::vector<std::string>& previous_files,
                   InstallRecord& record, const std::function<void(const std::string&)>& log) {
  const fs::path bundle = root.bundle_directory(deployment_id);
  std::vector<Copy> copies;
  for (const AppSpecFile& file : appspec.files) plan_entry(file, bundle, copies);

  record.started = true;
  // The previous deployment's files go first: they are replaced without asking, as CodeDeploy's
  // agent does, and only files nobody deployed are subject to file_exists_behavior.
  for (const std::string& relative : previous_files) {
    const fs::path target = root.root() / relative;
    if (fs::exists(fs::symlink_status(target))) displace(root, deployment_id, relative, target);
  }
  std::set<std::string> installed;
  for (const Copy& copy : copies) {
    const fs::path target = root.resolve(copy.destination);
    if (installed.count(copy.destination) > 0) {
      fs::remove(target);  // two entries name the same file: the later one wins
    } else if (fs::exists(fs::symlink_status(target))) {
      if (fs::is_directory(fs::symlink_status(target))) {
        throw std::runtime_error("A folder is in the way of the file /" + copy.destination);
      }
      switch (appspec.file_exists_behavior) {
        case FileExistsBehavior::Disallow:
          throw std::runtime_error(
              "The deployment failed because a specified file already exists at this "
              "location: /" +
              copy.destination + " (file_exists_behavior is DISALLOW)");
        case FileExistsBehavior::Retain:
          log("Kept the existing file /" + copy.destination + " (RETAIN)");
          continue;
        case FileExistsBehavior::Overwrite:
          log("Replaced the existing file /" + copy.destination + " (OVERWRITE)");
          displace(root, deployment_id, copy.destination, target);
          break;
      }
    }
    create_parents(root, target, record);
    if (fs::is_symlink(copy.source)) {
      fs::copy_symlink(copy.source, target);
    } else {
      fs::copy_file(copy.source, target, fs::copy_options::overwrite_existing);
    }
    if (installed.insert(copy.destination).second) record.installed.push_back(copy.destination);
  }
  log("Copied " + std::to_string(record.installed.size()) + " files under " + root.root().string());
}

void restore_previous_files(const DeploymentRoot& root, const std::string& deployment_id,
                            const InstallRecord& record) {
  std::error_code error;
  for (const std::string& relative : record.installed) fs::remove(root.root() / relative, error);
  const fs::path displaced = root.displaced_directory(deployment_id);
  if (fs::is_directory(displaced)) {
    std::vector<fs::path> kept;  // collected first: moving entries would upset the iteration
    for (auto it = fs::recursive_directory_iterator(displaced);
         it != fs::recursive_directory_iterator(); ++it) {
      if (!it->is_directory() || it->is_symlink()) kept.push_back(it->path());
    }
    for (const fs::path& file : kept) {
      const fs::path target = root.root() / file.lexically_relative(displaced);
      fs::create_directories(target.parent_path(), error);
      fs::rename(file, target, error);
    }
    fs::remove_all(displaced, error);
  }
  for (auto it = record.created_directories.rbegin(); it != record.created_directories.rend();
       ++it) {
    if (fs::is_empty(root.root() / *it, error)) fs::remove(root.root() / *it, error);
  }
}

}  // namespace lockstep::executors::local

#include "executors/local/file_permissions.hpp"

#include <fnmatch.h>
#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace lockstep::executors::local {

namespace fs = std::filesystem;

namespace {

std::optional<uid_t> user_id(const std::string& name) {
  const passwd* entry = ::getpwnam(name.c_str());
  if (entry == nullptr) return std::nullopt;
  return entry->pw_uid;
}

std::optional<gid_t> group_id(const std::string& name) {
  const group* entry = ::getgrnam(name.c_str());
  if (entry == nullptr) return std::nullopt;
  return entry->gr_gid;
}

std::string server_user() {
  const passwd* entry = ::getpwuid(::geteuid());
  return entry != nullptr ? entry->pw_name : "uid " + std::to_string(::geteuid());
}

std::string where(std::size_t index, const AppSpecPermission& permission) {
  return "appspec.yml permissions[" + std::to_string(index) + "] (line " +
         std::to_string(permission.line) + ")";
}

bool matches(const std::string& pattern, const std::string& name) {
  return pattern == "**" || ::fnmatch(pattern.c_str(), name.c_str(), 0) == 0;
}

bool selected(const AppSpecPermission& permission, const std::string& name) {
  if (!matches(permission.pattern, name)) return false;
  for (const std::string& except : permission.except) {
    if (matches(except, name)) return false;
  }
  return true;
}

struct Change {
  std::optional<fs::perms> mode;
  uid_t owner = static_cast<uid_t>(-1);  // -1: unchanged, as chown(2) reads it
  gid_t group = static_cast<gid_t>(-1);
};

void change(const fs::path& path, const Change& wanted, const fs::path& root) {
  const std::string shown = "/" + path.lexically_relative(root).generic_string();
  // Owner first: chown clears setuid and setgid bits that the mode may set.
  if (wanted.owner != static_cast<uid_t>(-1) || wanted.group != static_cast<gid_t>(-1)) {
    if (::lchown(path.c_str(), wanted.owner, wanted.group) != 0) {
      throw std::runtime_error("cannot change the owner of " + shown + ": " + std::strerror(errno));
    }
  }
  if (wanted.mode) {
    std::error_code error;
    fs::permissions(path, *wanted.mode, fs::perm_options::replace, error);
    if (error) {
      throw std::runtime_error("cannot change the mode of " + shown + ": " + error.message());
    }
  }
}

}  // namespace

std::optional<std::string> permissions_problem(const std::vector<AppSpecPermission>& permissions) {
  for (std::size_t i = 0; i < permissions.size(); ++i) {
    const AppSpecPermission& permission = permissions[i];
    if (!permission.acls.empty()) {
      return where(i, permission) +
             " sets acls, which the local deployer does not apply; remove them or set mode";
    }
    if (permission.has_context) {
      return where(i, permission) +
             " sets an SELinux context, which the local deployer does not apply";
    }
    if ((!permission.owner.empty() || !permission.group.empty()) && ::geteuid() != 0) {
      return where(i, permission) + " sets " +
             (permission.owner.empty() ? "the group " + permission.group
                                       : "the owner " + permission.owner) +
             ", which needs the server to run as root; it runs as " + server_user();
    }
    if (!permission.owner.empty() && !user_id(permission.owner)) {
      return where(i, permission) + " names the owner " + permission.owner +
             ", which is not a user on this server";
    }
    if (!permission.group.empty() && !group_id(permission.group)) {
      return where(i, permission) + " names the group " + permission.group +
             ", which is not a group on this server";
    }
  }
  return std::nullopt;
}

void apply_permissions(const std::vector<AppSpecPermission>& permissions, const fs::path& root,
                       const std::function<void(const std::string&)>& log) {
  if (const auto problem = permissions_problem(permissions)) throw std::runtime_error(*problem);
  for (std::size_t i = 0; i < permissions.size(); ++i) {
    const AppSpecPermission& permission = permissions[i];
    Change wanted;
    if (permission.mode) wanted.mode = static_cast<fs::perms>(*permission.mode);
    if (!permission.owner.empty()) wanted.owner = *user_id(permission.owner);
    if (!permission.group.empty()) wanted.group = *group_id(permission.group);

    const fs::path object = root / fs::path(permission.object).relative_path();
    const fs::file_status status = fs::symlink_status(object);
    if (!fs::exists(status)) {
      throw std::runtime_error(where(i, permission) + ": the object " + permission.object +
                               " does not exist after the install");
    }
    // Gathered before any change, so that a folder's new mode cannot hide what lies below it.
    std::vector<fs::path> targets;
    if (fs::is_regular_file(status)) {
      if (permission.files && selected(permission, object.filename().string())) {
        targets.push_back(object);
      }
    } else if (fs::is_directory(status)) {
      if (permission.files) {
        for (const fs::directory_entry& entry : fs::directory_iterator(object)) {
          if (entry.is_symlink() || !entry.is_regular_file()) continue;
          if (selected(permission, entry.path().filename().string())) targets.push_back(entry);
        }
      }
      if (permission.directories) {
        for (const fs::directory_entry& entry : fs::recursive_directory_iterator(object)) {
          if (entry.is_symlink() || !entry.is_directory()) continue;
          if (selected(permission, entry.path().filename().string())) targets.push_back(entry);
        }
      }
    }
    for (const fs::path& target : targets) change(target, wanted, root);
    const std::size_t changed = targets.size();
    log("Permissions - " + permission.object + ": " + std::to_string(changed) +
        (changed == 1 ? " entry" : " entries") + " changed");
  }
}

}  // namespace lockstep::executors::local

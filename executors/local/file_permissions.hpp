// Applies an appspec's `permissions` (BUILDSPEC.md B.2) to the files a deployment installed
// under its root: mode always, owner and group only when the server runs as root.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "executors/local/appspec.hpp"

namespace lockstep::executors::local {

// Why these permissions cannot be applied by this server, as a sentence; nothing when they can.
// Checked before any file is installed: an owner or group needs root, every user and group named
// must exist, and ACL entries and SELinux contexts are refused (the local deployer does not set
// them, as CodeDeploy's agent refuses them where it cannot).
std::optional<std::string> permissions_problem(const std::vector<AppSpecPermission>& permissions);

// Applies each entry under `root` (objects are paths on the instance, mapped under it): `type:
// file` reaches the files directly inside `object` (or `object` itself when it is a file), `type:
// directory` every folder below `object` but not `object`; `pattern` and `except` match names.
// Symbolic links are never followed. Throws std::runtime_error with a sentence.
void apply_permissions(const std::vector<AppSpecPermission>& permissions,
                       const std::filesystem::path& root,
                       const std::function<void(const std::string&)>& log);

}  // namespace lockstep::executors::local

// Checks an SSH server's host key against a known_hosts file in OpenSSH's format, so a Git
// source fetched over SSH trusts exactly the hosts its configuration lists.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace lockstep::executors::local {

enum class HostKeyCheck { Known, Unknown, Changed };

// `key` is the host key blob the server offered (what a known_hosts line holds in base64).
// Lines name hosts as `host` (port 22), `[host]:port`, comma-separated lists of those, or
// hashed `|1|salt|hash` forms; `@revoked` and `@cert-authority` lines are never a match.
// Changed: the host is listed, but with other keys only. Unreadable file: Unknown.
HostKeyCheck check_known_host(const std::filesystem::path& known_hosts, const std::string& host,
                              int port, std::string_view key);

}  // namespace lockstep::executors::local

// An OpenSSH server of the test's own on loopback that serves Git repositories to one key, for
// tests of SSH key credentials and host key checking.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "tests/support/process.hpp"

namespace lockstep::testing {

// Runs /usr/sbin/sshd -D -e with a configuration, host key and authorized_keys made in `folder`
// (keys by ssh-keygen): it accepts the test's user with client_key() only.
class SshGitServer {
 public:
  explicit SshGitServer(const std::filesystem::path& folder);
  // ssh://<user>@127.0.0.1:<port><absolute path of the repository>
  std::string url(const std::filesystem::path& repository) const;
  int port() const { return port_; }
  const std::filesystem::path& client_key() const { return client_key_; }
  // A key the server does not accept.
  const std::filesystem::path& other_key() const { return other_key_; }
  // A known_hosts file that lists this server's host key under [127.0.0.1]:<port>.
  const std::filesystem::path& known_hosts() const { return known_hosts_; }
  // A known_hosts file that lists another key for the same host and port.
  const std::filesystem::path& wrong_known_hosts() const { return wrong_known_hosts_; }

 private:
  std::unique_ptr<Process> process_;
  std::string user_;
  int port_ = 0;
  std::filesystem::path client_key_;
  std::filesystem::path other_key_;
  std::filesystem::path known_hosts_;
  std::filesystem::path wrong_known_hosts_;
};

}  // namespace lockstep::testing

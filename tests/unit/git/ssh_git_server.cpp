#include "tests/unit/git/ssh_git_server.hpp"

#include <catch2/catch.hpp>

#include <pwd.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <regex>
#include <sstream>
#include <vector>

#include "tests/support/free_port.hpp"

namespace lockstep::testing {

namespace fs = std::filesystem;

namespace {

void make_key(const fs::path& file) {
  const auto result = run_process(
      {"/usr/bin/ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "test", "-f", file.string()});
  INFO(result.err);
  REQUIRE(result.status == 0);
}

std::string text_of(const fs::path& file) {
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

void write(const fs::path& file, const std::string& text) {
  std::ofstream out(file, std::ios::trunc);
  out << text;
}

}  // namespace

SshGitServer::SshGitServer(const fs::path& folder) {
  fs::create_directories(folder);
  const passwd* entry = ::getpwuid(::geteuid());
  REQUIRE(entry != nullptr);
  user_ = entry->pw_name;
  const fs::path host_key = folder / "host_key";
  client_key_ = folder / "client_key";
  other_key_ = folder / "other_key";
  const fs::path other_host_key = folder / "other_host_key";
  for (const fs::path& key : {host_key, client_key_, other_key_, other_host_key}) make_key(key);
  write(folder / "authorized_keys", text_of(client_key_.string() + ".pub"));
  // sshd refuses to start without its privilege separation folder, which the ssh service
  // package makes only when the service runs.
  if (::geteuid() == 0) fs::create_directories("/run/sshd");

  port_ = free_port();
  const std::string host = "[127.0.0.1]:" + std::to_string(port_);
  known_hosts_ = folder / "known_hosts";
  write(known_hosts_, host + " " + text_of(host_key.string() + ".pub"));
  wrong_known_hosts_ = folder / "wrong_known_hosts";
  write(wrong_known_hosts_, host + " " + text_of(other_host_key.string() + ".pub"));

  const fs::path config = folder / "sshd_config";
  write(config, "Port " + std::to_string(port_) +
                    "\n"
                    "ListenAddress 127.0.0.1\n"
                    "HostKey " +
                    host_key.string() +
                    "\n"
                    "AuthorizedKeysFile " +
                    (folder / "authorized_keys").string() +
                    "\n"
                    "PidFile " +
                    (folder / "sshd.pid").string() +
                    "\n"
                    "StrictModes no\n"
                    "UsePAM no\n"
                    "PasswordAuthentication no\n"
                    "KbdInteractiveAuthentication no\n"
                    "PubkeyAuthentication yes\n"
                    "PermitRootLogin prohibit-password\n"
                    "AllowUsers " +
                    user_ + "\n");
  process_ = std::make_unique<Process>(
      std::vector<std::string>{"/usr/sbin/sshd", "-D", "-e", "-f", config.string()});
  const auto line = process_->await_stderr_line(std::regex("Server listening on 127\\.0\\.0\\.1"),
                                                std::chrono::seconds(30));
  INFO(process_->err());
  REQUIRE(line);
}

std::string SshGitServer::url(const fs::path& repository) const {
  return "ssh://" + user_ + "@127.0.0.1:" + std::to_string(port_) +
         fs::absolute(repository).string();
}

}  // namespace lockstep::testing

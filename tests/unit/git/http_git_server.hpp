// A smart-HTTP Git server on loopback that demands a password, for tests of token credentials.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "tests/support/process.hpp"

namespace lockstep::testing {

// Serves the bare repositories under a folder over smart HTTP on loopback, with HTTP Basic
// authentication that accepts only `password` (tests/fixtures/git/http_git_server.py).
class HttpGitServer {
 public:
  HttpGitServer(const std::filesystem::path& root, const std::string& password);
  // http://127.0.0.1:<port>/<name>
  std::string url(const std::string& name) const;

 private:
  std::unique_ptr<Process> process_;
  std::string port_;
};

}  // namespace lockstep::testing

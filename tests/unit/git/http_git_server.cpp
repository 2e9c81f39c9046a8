#include "tests/unit/git/http_git_server.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <regex>
#include <utility>
#include <vector>

namespace lockstep::testing {

HttpGitServer::HttpGitServer(const std::filesystem::path& root, const std::string& password) {
  const std::filesystem::path script = std::filesystem::path(LOCKSTEP_SOURCE_DIR) / "tests" /
                                       "fixtures" / "git" / "http_git_server.py";
  std::vector<std::string> argv{"/usr/bin/python3", script.string(), root.string(), password};
  process_ = std::make_unique<Process>(std::move(argv));
  const auto line =
      process_->await_stderr_line(std::regex("listening on [0-9]+"), std::chrono::seconds(30));
  INFO(process_->err());
  REQUIRE(line);
  port_ = line->substr(line->rfind(' ') + 1);
}

std::string HttpGitServer::url(const std::string& name) const {
  return "http://127.0.0.1:" + port_ + "/" + name;
}

}  // namespace lockstep::testing

#include "tests/support/smtp_sink.hpp"

#include <nlohmann/json.hpp>

#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>

namespace lockstep::testing {

SmtpSink::SmtpSink() {
  const std::string script = std::string(LOCKSTEP_SOURCE_DIR) + "/tests/support/smtp_sink.py";
  process_ = std::make_unique<Process>(
      std::vector<std::string>{"/usr/bin/python3", script, dir_.path().string()});
  const auto line = process_->await_stderr_line(std::regex("listening on 127\\.0\\.0\\.1:[0-9]+"),
                                                std::chrono::seconds(10));
  if (!line) {
    throw std::runtime_error("the SMTP test server did not start: " + process_->err());
  }
  port_ = static_cast<std::uint16_t>(std::stoi(line->substr(line->rfind(':') + 1)));
}

ReceivedMail SmtpSink::next(std::chrono::milliseconds timeout) {
  const auto line = process_->await_stderr_line(std::regex("^received [0-9]+ "), timeout);
  if (!line) throw std::runtime_error("no mail arrived; server output: " + process_->err());
  const std::string path = line->substr(line->find(' ', 9) + 1);
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  const auto json = nlohmann::json::parse(text.str());
  return {json.at("from"), json.at("to"), json.at("data")};
}

}  // namespace lockstep::testing

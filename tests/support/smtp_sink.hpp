// A real SMTP server on loopback for tests (tests/support/smtp_sink.py on Debian's aiosmtpd),
// started per test; each accepted message can be awaited and read back.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "tests/support/process.hpp"
#include "tests/support/temp_dir.hpp"

namespace lockstep::testing {

struct ReceivedMail {
  std::string from;             // envelope sender
  std::vector<std::string> to;  // envelope recipients
  std::string data;             // the message as sent: headers, blank line, body
};

class SmtpSink {
 public:
  SmtpSink();  // returns once the server listens; throws when it does not within 10 s

  std::uint16_t port() const { return port_; }
  std::string url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }

  // The next message the server accepted, in arrival order; throws after `timeout` without one.
  ReceivedMail next(std::chrono::milliseconds timeout = std::chrono::seconds(10));

 private:
  TempDir dir_{"lockstep-smtp"};
  std::unique_ptr<Process> process_;
  std::uint16_t port_ = 0;
};

}  // namespace lockstep::testing

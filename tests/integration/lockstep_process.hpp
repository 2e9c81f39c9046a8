// Running build/lockstep from integration tests: one-shot commands, and `lockstep serve`
// started on an ephemeral port and awaited until it says where it listens.
#pragma once

#include <chrono>
#include <csignal>
#include <cstdint>
#include <regex>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "tests/support/process.hpp"
#include "tests/support/temp_dir.hpp"

namespace lockstep::testing {

inline ProcessResult run_lockstep(const std::vector<std::string>& args,
                                  ProcessOptions options = {}) {
  // Built front to back: GCC 12 at -O2 misreports vector<string>::insert(begin()) (-Warray-bounds).
  std::vector<std::string> argv{LOCKSTEP_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_process(std::move(argv), std::move(options));
}

inline const std::regex& listening_line() {
  static const std::regex pattern(R"(listening on https?://127\.0\.0\.1:([0-9]+))");
  return pattern;
}

// `lockstep serve --listen 127.0.0.1:0 --data-dir <data_dir> ARGS...`, ready to be asked.
class ServerProcess {
 public:
  ServerProcess(const std::filesystem::path& data_dir, std::vector<std::string> args = {},
                ProcessOptions options = {})
      : process_(command(data_dir, std::move(args)), std::move(options)) {
    const auto line = process_.await_stderr_line(listening_line(), std::chrono::seconds(20));
    std::smatch match;
    if (!line || !std::regex_search(*line, match, listening_line())) {
      process_.wait(std::chrono::seconds(5));
      throw std::runtime_error("lockstep serve did not start listening; stderr:\n" +
                               process_.err());
    }
    port_ = static_cast<std::uint16_t>(std::stoi(match[1]));
  }

  std::uint16_t port() const { return port_; }
  Process& process() { return process_; }

  // Sends `signal` and waits for the exit; returns the exit status and how long it took.
  std::pair<int, std::chrono::milliseconds> stop(int signal = SIGTERM) {
    const auto start = std::chrono::steady_clock::now();
    process_.send_signal(signal);
    const auto status = process_.wait(std::chrono::seconds(10));
    const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - start);
    if (!status) throw std::runtime_error("lockstep serve did not exit within 10 s");
    return {*status, took};
  }

 private:
  static std::vector<std::string> command(const std::filesystem::path& data_dir,
                                          std::vector<std::string> args) {
    std::vector<std::string> argv{LOCKSTEP_BINARY, "serve",      "--listen",
                                  "127.0.0.1:0",   "--data-dir", data_dir.string()};
    argv.insert(argv.end(), args.begin(), args.end());
    return argv;
  }

  Process process_;
  std::uint16_t port_ = 0;
};

}  // namespace lockstep::testing

#include "bench/http/daemon_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace lockstep::bench {
namespace {

std::string read_file(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

bool exited(pid_t pid) {
  int status = 0;
  return waitpid(pid, &status, WNOHANG) == pid;
}

}  // namespace

DaemonProcess::DaemonProcess(const std::filesystem::path& data_dir,
                             const std::vector<std::pair<std::string, std::string>>& environment) {
  const std::filesystem::path log = data_dir / "daemon.log";
  std::filesystem::create_directories(data_dir);
  std::filesystem::remove(log);
  const std::string binary = LOCKSTEP_BINARY;
  const std::string dir = data_dir.string();
  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    const int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0) {
      dup2(fd, STDERR_FILENO);
      dup2(fd, STDOUT_FILENO);
    }
    for (const auto& [name, value] : environment) setenv(name.c_str(), value.c_str(), 1);
    execl(binary.c_str(), binary.c_str(), "serve", "--listen", "127.0.0.1:0", "--data-dir",
          dir.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  // The daemon says where it listens in its log; poll the file for that line.
  const std::regex listening(R"(listening on http://127\.0\.0\.1:([0-9]+))");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline) {
    std::smatch match;
    const std::string text = read_file(log);
    if (std::regex_search(text, match, listening)) {
      port_ = static_cast<std::uint16_t>(std::stoi(match[1]));
      return;
    }
    if (exited(pid_)) {
      pid_ = -1;
      throw std::runtime_error("lockstep serve exited at start:\n" + text);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  stop();
  throw std::runtime_error("lockstep serve did not listen within 60 s");
}

DaemonProcess::~DaemonProcess() {
  stop();
}

long DaemonProcess::resident_kib() const {
  std::ifstream status("/proc/" + std::to_string(pid_) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::atol(line.c_str() + 6);
  }
  return -1;
}

long DaemonProcess::settled_resident_kib() const {
  long previous = resident_kib();
  for (int i = 0; i < 20; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    const long now = resident_kib();
    if (std::labs(now - previous) * 100 <= previous) return now;
    previous = now;
  }
  return previous;
}

void DaemonProcess::stop() {
  if (pid_ <= 0) return;
  kill(pid_, SIGTERM);
  int status = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (waitpid(pid_, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      kill(pid_, SIGKILL);
      waitpid(pid_, &status, 0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  pid_ = -1;
}

}  // namespace lockstep::bench

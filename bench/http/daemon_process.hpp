// `lockstep serve` as a child process of the benchmark: started on a free loopback port with a
// given environment, its resident memory read from /proc, stopped with SIGTERM.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace lockstep::bench {

class DaemonProcess {
 public:
  // Starts build/lockstep serve on 127.0.0.1:0 over `data_dir`, with `environment` added to the
  // benchmark's own; its log goes to <data_dir>/daemon.log. Returns once it listens.
  DaemonProcess(const std::filesystem::path& data_dir,
                const std::vector<std::pair<std::string, std::string>>& environment);
  ~DaemonProcess();
  DaemonProcess(const DaemonProcess&) = delete;
  DaemonProcess& operator=(const DaemonProcess&) = delete;

  std::uint16_t port() const { return port_; }
  pid_t pid() const { return pid_; }
  // VmRSS in KiB.
  long resident_kib() const;
  // VmRSS once it has stopped changing by more than 1% over half a second (at most 10 s).
  long settled_resident_kib() const;
  void stop();

 private:
  pid_t pid_ = -1;
  std::uint16_t port_ = 0;
};

}  // namespace lockstep::bench

// Runs wrk (closed loop: each connection sends its next request when the previous one is
// answered) with bench/http/request.lua and reads its summary.
#pragma once

#include <cstdint>
#include <string>

#include "bench/http/requests.hpp"

namespace lockstep::bench {

struct WrkOptions {
  int threads = 1;
  int connections = 32;
  int seconds = 10;
  // Non-empty: every request gets its own X-GitHub-Delivery id starting with this.
  std::string deliveryPrefix;
};

struct WrkResult {
  bool ran = false;
  double requestsPerSecond = 0;
  long long requests = 0;
  long long non2xx = 0;
  long long socketErrors = 0;
  double p50_ms = 0;
  double p99_ms = 0;
};

WrkResult run_wrk(std::uint16_t port, const BenchRequest& request, const WrkOptions& options,
                  const std::string& scratch_dir);

}  // namespace lockstep::bench

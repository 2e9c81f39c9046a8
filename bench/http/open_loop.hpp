// An open-loop load generator: requests are scheduled at a fixed rate whatever the answers do,
// and each latency is measured from the request's scheduled time, so a server that falls behind
// shows its queueing in the figures instead of slowing the sender (no coordinated omission).
#pragma once

#include <cstdint>

#include "bench/http/requests.hpp"

namespace lockstep::bench {

struct OpenLoopResult {
  long long sent = 0;
  long long answered = 0;
  long long non2xx = 0;
  long long failed = 0;  // connection errors
  double p50_ms = 0;
  double p99_ms = 0;
  double max_ms = 0;
};

// Sends `rate` requests per second for `seconds` over up to `max_connections` keep-alive
// connections; `deliveryPrefix` as in WrkOptions.
OpenLoopResult run_open_loop(std::uint16_t port, const BenchRequest& request, int rate, int seconds,
                             const std::string& deliveryPrefix, int max_connections = 256);

}  // namespace lockstep::bench

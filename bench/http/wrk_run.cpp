#include "bench/http/wrk_run.hpp"

#include <cstdio>
#include <cstdlib>
#include <regex>
#include <sstream>

namespace lockstep::bench {
namespace {

// wrk prints durations as 812.00us, 1.20ms or 1.02s.
double to_ms(double value, const std::string& unit) {
  if (unit == "us") return value / 1000;
  if (unit == "s") return value * 1000;
  if (unit == "m") return value * 60'000;
  return value;
}

}  // namespace

WrkResult run_wrk(std::uint16_t port, const BenchRequest& request, const WrkOptions& options,
                  const std::string& scratch_dir) {
  const std::string file = scratch_dir + "/request.txt";
  write_request_file(request, file);
  std::ostringstream command;
  command << "wrk --latency -t" << options.threads << " -c" << options.connections << " -d"
          << options.seconds << "s -s " << LOCKSTEP_BENCH_HTTP_DIR
          << "/request.lua http://127.0.0.1:" << port << request.target << " -- " << file;
  if (!options.deliveryPrefix.empty()) command << ' ' << options.deliveryPrefix;
  command << " 2>&1";

  WrkResult result;
  FILE* pipe = popen(command.str().c_str(), "r");
  if (pipe == nullptr) return result;
  std::string output;
  char buffer[4096];
  while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) output += buffer;
  if (pclose(pipe) != 0) {
    std::fprintf(stderr, "http bench: wrk failed:\n%s\n", output.c_str());
    return result;
  }
  std::smatch m;
  if (std::regex_search(output, m, std::regex(R"(Requests/sec:\s+([0-9.]+))"))) {
    result.requestsPerSecond = std::stod(m[1]);
    result.ran = true;
  }
  if (std::regex_search(output, m, std::regex(R"(([0-9]+) requests in)"))) {
    result.requests = std::stoll(m[1]);
  }
  if (std::regex_search(output, m, std::regex(R"(Non-2xx or 3xx responses:\s+([0-9]+))"))) {
    result.non2xx = std::stoll(m[1]);
  }
  if (std::regex_search(
          output, m,
          std::regex(
              R"(Socket errors: connect ([0-9]+), read ([0-9]+), write ([0-9]+), timeout ([0-9]+))"))) {
    result.socketErrors = std::stoll(m[1]) + std::stoll(m[2]) + std::stoll(m[3]) + std::stoll(m[4]);
  }
  if (std::regex_search(output, m, std::regex(R"(\n\s+50%\s+([0-9.]+)(us|ms|s|m))"))) {
    result.p50_ms = to_ms(std::stod(m[1]), m[2]);
  }
  if (std::regex_search(output, m, std::regex(R"(\n\s+99%\s+([0-9.]+)(us|ms|s|m))"))) {
    result.p99_ms = to_ms(std::stod(m[1]), m[2]);
  }
  return result;
}

}  // namespace lockstep::bench

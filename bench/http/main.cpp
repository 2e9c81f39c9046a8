// bench/http: the daemon over loopback, as a user runs it (build/lockstep serve, durable SQLite):
// signed GitHub push deliveries per second (wrk) and their latency at a fixed 1,000/s (open
// loop), CodePipeline API reads with 100,000 executions stored, and the idle resident memory.
// Prints a table; never fails a build.
#include <stdlib.h>  // mkdtemp

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <exception>
#include <filesystem>
#include <string>
#include <vector>

#include "bench/http/daemon_process.hpp"
#include "bench/http/open_loop.hpp"
#include "bench/http/requests.hpp"
#include "bench/http/seed_executions.hpp"
#include "bench/http/wrk_run.hpp"

namespace {

using namespace lockstep::bench;

constexpr int kSeconds = 10;
constexpr int kSeededExecutions = 100'000;

std::filesystem::path scratch_dir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "lockstep-http-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  return pattern;
}

std::vector<std::pair<std::string, std::string>> daemon_environment() {
  return {{"LOCKSTEP_GITHUB_WEBHOOK_SECRET", kWebhookSecret},
          {"LOCKSTEP_ACCESS_KEY_ID", kAccessKeyId},
          {"LOCKSTEP_SECRET_ACCESS_KEY", kSecretAccessKey},
          {"LOCKSTEP_LOG_LEVEL", "info"},
          {"LOCKSTEP_POLLING_INTERVAL_SECONDS", "86400"}};
}

// A prefix no earlier run used, so that no delivery is a redelivery.
std::string run_prefix(const char* what) {
  return std::string(what) + "-" + std::to_string(std::time(nullptr));
}

const char* verdict(bool ok) {
  return ok ? "ok" : "MISSED";
}

void print_wrk(const char* name, const WrkResult& r, double target_rate, double target_p99_ms) {
  if (!r.ran) {
    std::printf("%-52s %s\n", name, "wrk did not run");
    return;
  }
  std::printf("%-52s %10.0f %9.2f %9.2f %9lld %8s\n", name, r.requestsPerSecond, r.p50_ms, r.p99_ms,
              r.non2xx + r.socketErrors,
              verdict(r.requestsPerSecond >= target_rate &&
                      (target_p99_ms <= 0 || r.p99_ms < target_p99_ms)));
}

}  // namespace

int main(int argc, char** argv) {
  // --reads: only the API reads over 100,000 executions, for profiling that path.
  const bool reads_only = argc > 1 && std::string(argv[1]) == "--reads";
  try {
    const std::filesystem::path dir = scratch_dir();
    const std::filesystem::path data = dir / "data";
    std::filesystem::create_directories(data);
    store_pipeline(data / "lockstep.db");

    std::printf(
        "http: build/lockstep serve on loopback, 2 daemon threads, SQLite synchronous=FULL\n");
    std::printf("%-52s %10s %9s %9s %9s %8s\n", "measurement", "req/s", "p50 ms", "p99 ms",
                "errors", "target");
    long idle_kib = 0;
    if (!reads_only) {
      DaemonProcess daemon(data, daemon_environment());
      idle_kib = daemon.settled_resident_kib();
      const std::uint16_t port = daemon.port();

      // A push to a branch the pipeline's trigger leaves out: authenticated, matched against the
      // pipeline, refused by the branch filter, and its answer committed before it is sent.
      const BenchRequest other = github_push(port, "feature/bench");
      const WrkResult unwatched =
          run_wrk(port, other, {1, 32, kSeconds, run_prefix("unwatched")}, dir.string());
      print_wrk("GitHub push, unwatched branch (wrk, 32 conns)", unwatched, 5000, 0);

      const OpenLoopResult paced = run_open_loop(port, other, 1000, kSeconds, run_prefix("paced"));
      std::printf("%-52s %10.0f %9.2f %9.2f %9lld %8s  (max %.1f ms)\n",
                  "GitHub push, unwatched branch, open loop 1,000/s",
                  1000.0 * paced.answered / std::max<long long>(1, paced.sent), paced.p50_ms,
                  paced.p99_ms, paced.non2xx + paced.failed, verdict(paced.p99_ms < 20),
                  paced.max_ms);

      // A push to main: every delivery starts an execution (whose source action then fails, no
      // repository being configured), committed by the orchestrator before the answer.
      const BenchRequest main_push = github_push(port, "main");
      const OpenLoopResult starting =
          run_open_loop(port, main_push, 1000, kSeconds, run_prefix("starting"));
      std::printf("%-52s %10.0f %9.2f %9.2f %9lld %8s  (max %.1f ms)\n",
                  "GitHub push to main (starts one), open loop 1,000/s",
                  1000.0 * starting.answered / std::max<long long>(1, starting.sent),
                  starting.p50_ms, starting.p99_ms, starting.non2xx + starting.failed,
                  verdict(starting.p99_ms < 20), starting.max_ms);
    }

    // A data directory of its own: the pushes above started executions of their own.
    const std::filesystem::path seeded = dir / "seeded";
    std::filesystem::create_directories(seeded);
    const double seeded_seconds = seed_executions(seeded / "lockstep.db", kSeededExecutions);
    {
      DaemonProcess daemon(seeded, daemon_environment());
      const long loaded_kib = daemon.settled_resident_kib();
      const std::uint16_t port = daemon.port();
      const WrkResult state =
          run_wrk(port, aws_call(port, "GetPipelineState", R"({"name":"bench-app"})"),
                  {1, 32, kSeconds, ""}, dir.string());
      print_wrk("GetPipelineState, 100,000 executions stored", state, 10000, 5);
      const WrkResult list = run_wrk(port,
                                     aws_call(port, "ListPipelineExecutions",
                                              R"({"pipelineName":"bench-app","maxResults":10})"),
                                     {1, 32, kSeconds, ""}, dir.string());
      print_wrk("ListPipelineExecutions (10), 100,000 stored", list, 10000, 5);
      std::printf("%-52s %10.1f MiB\n", "resident memory with 100,000 executions stored",
                  static_cast<double>(loaded_kib) / 1024);
    }
    if (!reads_only) {
      std::printf("%-52s %10.1f MiB %28s\n", "idle resident memory (target < 30 MiB)",
                  static_cast<double>(idle_kib) / 1024, verdict(idle_kib < 30 * 1024));
    }
    std::printf("%-52s %10.1f s\n", "seeding 100,000 executions through the store", seeded_seconds);
    // LOCKSTEP_BENCH_KEEP=1 keeps the data directories (and the daemon logs) for a look.
    if (const char* keep = std::getenv("LOCKSTEP_BENCH_KEEP"); keep != nullptr && *keep == '1') {
      std::printf("data directories kept in %s\n", dir.c_str());
    } else {
      std::filesystem::remove_all(dir);
    }
  } catch (const std::exception& error) {
    std::fprintf(stderr, "http bench: %s\n", error.what());
  }
  return 0;
}

// bench/executors: local executor timings a user can rerun; prints tables, never fails a build.
#include <cstdlib>

#include "bench/executors/checkout.hpp"
#include "bench/executors/commands_overhead.hpp"

int main(int argc, char** argv) {
  const int iterations = argc > 1 ? std::atoi(argv[1]) : 200;
  lockstep::bench::run_commands_overhead(iterations > 0 ? iterations : 200);
  lockstep::bench::run_checkout_benchmarks();
  return 0;
}

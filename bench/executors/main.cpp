// Benchmarks of the local executors: each part prints its own table.
#include "bench/executors/checkout.hpp"

int main() {
  lockstep::bench::run_checkout_benchmarks();
  return 0;
}

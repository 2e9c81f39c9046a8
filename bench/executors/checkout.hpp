// Benchmark: checking a 10,000-file commit out of a bare mirror, against `git worktree add`.
#pragma once

namespace lockstep::bench {

// Prints a table; returns nothing to check, a benchmark never fails a build.
void run_checkout_benchmarks();

}  // namespace lockstep::bench

// Benchmark: what a no-op Commands action costs beyond starting its shell.
#pragma once

namespace lockstep::bench {

// Runs `iterations` bare ProcessRunner runs of `/bin/sh -c true` and as many Commands actions
// running `true`, from dispatch to completion, and prints both and the difference of medians.
void run_commands_overhead(int iterations);

}  // namespace lockstep::bench

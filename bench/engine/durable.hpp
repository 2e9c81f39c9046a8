// The durable half of bench/engine: the orchestrator on a real SQLite file with group commit.
#pragma once

namespace lockstep::bench {

// Prints durable state transitions per second and the completion-to-dispatch latency.
void run_durable_benchmarks();

}  // namespace lockstep::bench

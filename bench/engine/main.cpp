// Benchmark: commands decided per second by engine::decide() in memory, on a 5-stage pipeline.
#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdio>
#include <deque>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "bench/engine/bench_pipeline.hpp"
#include "bench/engine/durable.hpp"
#include "engine/decide.hpp"

namespace {

using namespace lockstep::engine;
using namespace lockstep::bench;

constexpr int kExecutions = 20000;
constexpr double kTargetPerSecond = 200000.0;

struct Result {
  long long commands = 0;
  double seconds = 0;  // summed time spent inside decide(), command construction excluded
  double p50_us = 0;
  double p99_us = 0;
  std::size_t executions_kept = 0;
  long long unexpected = 0;  // rejections or executions that did not succeed
};

Result run(ExecutionMode mode) {
  EngineState state;
  state.ids.seed = 42;
  Timestamp now = 1'700'000'000'000;
  if (!decide(state, PipelineUpdated{five_stage_pipeline(mode)}, now).accepted()) {
    std::fprintf(stderr, "engine bench: the pipeline was refused\n");
  }

  Result r;
  std::vector<double> per_call_us;
  per_call_us.reserve(static_cast<std::size_t>(kExecutions) * 6);
  std::deque<StartAction> pending;
  const auto timed = [&](const Command& command) {
    ++now;
    const auto start = std::chrono::steady_clock::now();
    Decision d = decide(state, command, now);
    const auto end = std::chrono::steady_clock::now();
    per_call_us.push_back(std::chrono::duration<double, std::micro>(end - start).count());
    ++r.commands;
    if (!d.accepted()) ++r.unexpected;
    for (Effect& effect : d.effects) {
      if (auto* s = std::get_if<StartAction>(&effect)) pending.push_back(std::move(*s));
    }
  };

  // Executions run one after another, so neither superseding nor the concurrency cap kicks in.
  // Finished executions stay in PipelineState::executions (the engine keeps history), so memory
  // grows with kExecutions; the final count is printed as "kept".
  for (int i = 0; i < kExecutions; ++i) {
    StartExecution start;
    start.pipelineName = kPipeline;
    start.pipelineExecutionId = "exec-" + std::to_string(i);
    start.trigger = {"StartPipelineExecution", "bench"};
    const std::string id = start.pipelineExecutionId;
    timed(start);
    while (!pending.empty()) {
      const ActionCompleted c = succeeded(pending.front());
      pending.pop_front();
      timed(c);
    }
    const auto& executions = state.pipelines.at(kPipeline).executions;
    const auto it = executions.find(id);
    if (it == executions.end() || it->second.status != PipelineExecutionStatus::Succeeded) {
      ++r.unexpected;
    }
  }

  for (double us : per_call_us) r.seconds += us / 1e6;
  std::sort(per_call_us.begin(), per_call_us.end());
  if (!per_call_us.empty()) {
    r.p50_us = per_call_us[per_call_us.size() / 2];
    r.p99_us = per_call_us[std::min(per_call_us.size() - 1, per_call_us.size() * 99 / 100)];
  }
  r.executions_kept = state.pipelines.at(kPipeline).executions.size();
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  // --durable: only the orchestrator figures, for profiling the commit path.
  if (argc > 1 && std::string(argv[1]) == "--durable") {
    run_durable_benchmarks();
    return 0;
  }
  struct Case {
    const char* name;
    ExecutionMode mode;
  };
  const Case cases[] = {{"SUPERSEDED", ExecutionMode::Superseded},
                        {"QUEUED", ExecutionMode::Queued},
                        {"PARALLEL", ExecutionMode::Parallel}};
  std::printf("engine: decide() in memory, 5-stage pipeline\n");
  std::printf("%-10s %12s %10s %12s %10s %10s %9s %8s\n", "mode", "executions", "commands",
              "commands/s", "p50 (us)", "p99 (us)", "target", "kept");
  for (const Case& c : cases) {
    const Result r = run(c.mode);
    const double per_second = r.seconds > 0 ? static_cast<double>(r.commands) / r.seconds : 0;
    std::printf("%-10s %12d %10lld %12.0f %10.2f %10.2f %9s %8zu\n", c.name, kExecutions,
                r.commands, per_second, r.p50_us, r.p99_us,
                per_second >= kTargetPerSecond ? ">=200k ok" : ">=200k NO", r.executions_kept);
    if (r.unexpected > 0) {
      std::fprintf(stderr, "engine bench: %s: %lld unexpected rejections or unfinished runs\n",
                   c.name, r.unexpected);
    }
  }
  std::printf("\n");
  run_durable_benchmarks();
  return 0;
}

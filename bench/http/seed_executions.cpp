#include "bench/http/seed_executions.hpp"

#include <chrono>
#include <cstdio>
#include <deque>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

#include "bench/engine/bench_pipeline.hpp"
#include "engine/decide.hpp"
#include "engine/execution_store.hpp"
#include "storage/sqlite_store.hpp"

namespace lockstep::bench {
namespace {

constexpr int kBatch = 2000;  // executions per transaction
constexpr Timestamp kFirstStart = 1'780'000'000'000;

// One execution run to success by the engine itself, so its shape is what the daemon writes.
PipelineExecution template_execution(const PipelineDeclaration& declaration) {
  EngineState state;
  state.ids.seed = 7;
  Timestamp now = kFirstStart;
  decide(state, PipelineUpdated{declaration}, now);
  StartExecution start;
  start.pipelineName = declaration.name;
  start.trigger = {"StartPipelineExecution", "bench"};
  std::deque<StartAction> pending;
  const auto run = [&](const Command& command) {
    now += 1000;
    Decision d = decide(state, command, now);
    for (Effect& effect : d.effects) {
      if (auto* s = std::get_if<StartAction>(&effect)) pending.push_back(std::move(*s));
    }
    return d;
  };
  const std::string id = run(start).pipelineExecutionId;
  while (!pending.empty()) {
    const ActionCompleted c = succeeded(pending.front());
    pending.pop_front();
    run(c);
  }
  PipelineExecution e = state.pipelines.at(declaration.name).executions.at(id);
  if (e.status != PipelineExecutionStatus::Succeeded) {
    throw std::runtime_error("the template execution did not succeed");
  }
  return e;
}

// A copy of `base` with its own ids, sequence and times.
PipelineExecution numbered(const PipelineExecution& base, IdSource& ids, std::uint64_t sequence) {
  PipelineExecution e = base;
  const Timestamp shift = static_cast<Timestamp>(sequence) * 60'000;
  e.pipelineExecutionId = ids.next_random();
  e.sequence = sequence;
  e.startTime = base.startTime + shift;
  e.lastUpdateTime = base.lastUpdateTime + shift;
  for (ActionExecution& a : e.actionExecutions) {
    a.actionExecutionId = ids.next_ordered(a.startTime + shift);
    a.startTime += shift;
    a.lastUpdateTime += shift;
  }
  for (auto& [name, artifact] : e.artifacts) artifact.producerActionExecutionId.clear();
  return e;
}

}  // namespace

PipelineDeclaration http_bench_pipeline() {
  PipelineDeclaration d = five_stage_pipeline(ExecutionMode::Superseded, "bench-app");
  d.stages[0].actions[0].configuration["FullRepositoryId"] = "bench/app";
  d.stages[0].actions[0].configuration["ConnectionArn"] =
      "arn:aws:codeconnections:us-east-1:123456789012:connection/bench";
  PipelineTriggerDeclaration trigger;
  trigger.gitConfiguration.sourceActionName = "src";
  GitPushFilter push;
  push.branches = GitFilterCriteria{{"main"}, {}};
  trigger.gitConfiguration.push.push_back(push);
  d.triggers.push_back(trigger);
  return d;
}

void store_pipeline(const std::filesystem::path& database) {
  auto store = storage::SqliteStore::open(database);
  if (!store->get_pipeline(http_bench_pipeline().name)) {
    store->put_pipeline(http_bench_pipeline(), kFirstStart);
  }
}

double seed_executions(const std::filesystem::path& database, int count) {
  const PipelineDeclaration declaration = http_bench_pipeline();
  auto store = storage::SqliteStore::open(database);
  if (!store->get_pipeline(declaration.name)) store->put_pipeline(declaration, kFirstStart);
  const PipelineExecution base = template_execution(declaration);

  const auto began = std::chrono::steady_clock::now();
  IdSource ids{0x5eed'0000'0000ULL, 0};
  std::vector<PipelineExecution> batch;
  batch.reserve(kBatch);
  std::string latest;
  for (int written = 0; written < count;) {
    batch.clear();
    for (int i = 0; i < kBatch && written < count; ++i, ++written) {
      batch.push_back(numbered(base, ids, static_cast<std::uint64_t>(written) + 1));
    }
    ExecutionChanges changes;
    for (const PipelineExecution& e : batch) changes.executions.push_back(&e);
    latest = batch.back().pipelineExecutionId;
    if (written == count) {
      // The stages name the newest execution, as they would after it ran.
      PipelineStageStates states{declaration.name, {}};
      for (const StageDeclaration& stage : declaration.stages) {
        StageState s;
        s.stageName = stage.name;
        s.latestExecutionId = latest;
        states.stages.push_back(s);
      }
      changes.stageStates.push_back(std::move(states));
    }
    changes.ids = ids;
    store->commit(changes);
  }
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
}

}  // namespace lockstep::bench

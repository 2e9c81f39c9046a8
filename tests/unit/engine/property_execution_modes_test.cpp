// Property test: seeded random sequences of starts, completions, stops, retries, transition
// changes, approvals, timers and updates; the SEMANTICS invariants are checked after every step.
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <set>

#include "engine_harness.hpp"
#include "pipeline_builder.hpp"

using namespace lockstep::engine;
using namespace lockstep::engine::testing;

namespace {

constexpr int kSteps = 12000;

PipelineDeclaration random_pipeline(ExecutionMode mode) {
  PipelineBuilder b("P");
  b.mode(mode).stage("Source").source("src");
  b.stage("A").action("a1", 1).action("a2", 1).action("a3", 2);
  for (int i = 4; i <= 9; ++i)
    b.action("a" + std::to_string(i), 2);  // a wide group: PARALLEL quota
  b.stage("B").approval("ap", 1, 5).action("b1", 2);
  b.stage("C").action("c1");
  return b.build();
}

bool is_retry_allowed(PipelineExecutionStatus from, PipelineExecutionStatus to) {
  return (from == PipelineExecutionStatus::Failed || from == PipelineExecutionStatus::Stopped) &&
         to == PipelineExecutionStatus::InProgress;
}

// Where an execution is, as one number: 2*stage for "waiting at the entry", 2*stage+1 inside.
int progress(const PipelineExecution& e) {
  return static_cast<int>(e.stageIndex) * 2 +
         (e.position == ExecutionPosition::InsideStage ? 1 : 0);
}

class Checker {
 public:
  explicit Checker(Harness& h) : h_(h) {}

  // `resumable` = the step was a retry or override (P10/P11 may happen). Only executions touched
  // since `since` need their history compared; the cheap structural checks cover all of them.
  void check(bool resumable, Timestamp since) {
    PipelineState& p = h_.pipeline();
    const bool locks = p.declaration.executionMode != ExecutionMode::Parallel;
    int active = 0;
    std::map<std::string, int> inside;
    std::vector<const PipelineExecution*> ordered;
    status_.resize(p.executionOrder.size());
    actions_.resize(p.executionOrder.size());
    for (const auto& [id, e] : p.executions) {
      const std::size_t n = e.sequence - 1;
      active += is_terminal(e.status) ? 0 : 1;
      if (!is_terminal(e.status) && e.position == ExecutionPosition::InsideStage &&
          uses_stage_locks(e)) {
        const std::string& stage = e.stageExecutions[e.stageIndex].stageName;
        if (++inside[stage] > 1) FAIL("two executions inside " << stage);
        if (p.stages.at(stage).lockHolder != id) FAIL(id << " inside " << stage << " without lock");
      }
      if (!is_terminal(e.status) && uses_stage_locks(e) &&
          e.executionType == ExecutionType::Standard) {
        ordered.push_back(&e);
      }
      if (e.lastUpdateTime < since && status_[n]) continue;
      if (status_[n] && is_terminal(*status_[n]) && *status_[n] != e.status &&
          !(resumable && is_retry_allowed(*status_[n], e.status))) {
        FAIL(id << " changed from terminal " << to_string(*status_[n]) << " to "
                << to_string(e.status));
      }
      status_[n] = e.status;
      auto& seen = actions_[n];
      for (std::size_t i = 0; i < e.actionExecutions.size(); ++i) {
        const ActionExecutionStatus now = e.actionExecutions[i].status;
        if (i < seen.size() && is_terminal(seen[i]) && seen[i] != now) {
          FAIL("action " << e.actionExecutions[i].actionName
                         << " changed after its terminal status");
        }
      }
      seen.clear();
      int in_progress = 0;
      for (const ActionExecution& a : e.actionExecutions) {
        seen.push_back(a.status);
        in_progress += a.status == ActionExecutionStatus::InProgress ? 1 : 0;
      }
      if (!uses_stage_locks(e) && in_progress > 5) FAIL(id << " runs more than 5 actions");
    }
    if (active != p.activeExecutions) FAIL("active count drifted: " << active);
    if (!locks && active > 50) FAIL("more than 50 active executions");
    if (p.declaration.executionMode == ExecutionMode::Queued && active > 50) FAIL("cap exceeded");
    for (const auto& [name, st] : p.stages) {
      if (p.declaration.executionMode == ExecutionMode::Superseded &&
          st.inboundExecutions.size() > 1) {
        FAIL("more than one waiter at " << name);
      }
      if (!st.lockHolder.empty() && inside[name] != 1)
        FAIL("lock of " << name << " held by nobody");
    }
    // No execution overtakes an older one (SUPERSEDED/QUEUED).
    std::sort(ordered.begin(), ordered.end(),
              [](const auto* a, const auto* b) { return a->sequence < b->sequence; });
    for (std::size_t i = 1; i < ordered.size(); ++i) {
      if (progress(*ordered[i]) > progress(*ordered[i - 1]) &&
          ordered[i]->pipelineVersion == ordered[i - 1]->pipelineVersion) {
        FAIL(ordered[i]->pipelineExecutionId << " overtook "
                                             << ordered[i - 1]->pipelineExecutionId);
      }
    }
  }

 private:
  Harness& h_;
  std::vector<std::optional<PipelineExecutionStatus>> status_;  // by start order
  std::vector<std::vector<ActionExecutionStatus>> actions_;     // by start order, by attempt
};

template <typename T>
const T& pick(std::mt19937& rng, const std::vector<T>& items) {
  return items[std::uniform_int_distribution<std::size_t>(0, items.size() - 1)(rng)];
}

// Runs `steps` random commands checking the invariants after each; returns a digest of every
// effect so that two runs with one seed can be compared. With `switch_modes`, updates also change
// the execution mode.
std::string run_random(ExecutionMode mode, std::uint32_t seed, int steps = kSteps,
                       bool switch_modes = false) {
  Harness h(random_pipeline(mode));
  h.verify_rejections = false;
  Checker checker(h);
  std::mt19937 rng(seed);
  const std::vector<std::string> stages = {"Source", "A", "B", "C"};
  int next_id = 1;
  auto roll = [&](int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); };

  for (int step = 0; step < steps; ++step) {
    h.clock.advance(1000);
    const Timestamp since = h.clock.now();
    bool resumable = false;
    const int op = roll(100);
    const std::vector<std::string>& ids = h.pipeline().executionOrder;
    std::vector<std::string> actions;
    std::vector<std::string> approvals;
    for (const auto& [aid, s] : h.running)
      (s.approvalToken.empty() ? actions : approvals).push_back(aid);
    if (op < 14) {
      h.start("E" + std::to_string(next_id++));
    } else if (op < 60 && !actions.empty()) {
      const StartAction& s = h.running.at(pick(rng, actions));
      if (roll(5) == 0) {
        h.fail(s.pipelineExecutionId, s.action.name);
      } else {
        h.succeed(s.pipelineExecutionId, s.action.name);
      }
    } else if (op < 68 && !approvals.empty()) {
      const StartAction& s = h.running.at(pick(rng, approvals));
      // Sometimes a stale or wrong token, to exercise the refusals.
      const std::string token = roll(6) == 0 ? "stale-token" : s.approvalToken;
      h.approve("B", "ap", token,
                roll(4) == 0 ? ApprovalStatus::Rejected : ApprovalStatus::Approved);
    } else if (op < 74 && !ids.empty()) {
      h.stop(pick(rng, ids), roll(2) == 0);
    } else if (op < 84 && !ids.empty()) {
      resumable = true;
      const StageRetryMode mode_of_retry =
          roll(2) == 0 ? StageRetryMode::FailedActions : StageRetryMode::AllActions;
      // Mostly aim at recent executions that failed or stopped inside a stage, where a retry can
      // succeed; sometimes anywhere, to exercise the refusals.
      std::vector<std::string> resumable_ids;
      for (auto it = ids.rbegin(); it != ids.rend() && resumable_ids.size() < 8; ++it) {
        const PipelineExecution& e = h.execution(*it);
        if (e.status == PipelineExecutionStatus::Failed ||
            e.status == PipelineExecutionStatus::Stopped) {
          resumable_ids.push_back(*it);
        }
      }
      if (!resumable_ids.empty() && roll(4) != 0) {
        const PipelineExecution& e = h.execution(pick(rng, resumable_ids));
        h.retry(e.stageExecutions[e.stageIndex].stageName, e.pipelineExecutionId, mode_of_retry);
      } else {
        h.retry(pick(rng, stages), pick(rng, ids), mode_of_retry);
      }
    } else if (op < 90) {
      if (roll(2) == 0) {
        h.disable(pick(rng, stages));
      } else {
        h.enable(pick(rng, stages));
      }
    } else if (op < 95) {
      h.advance_to(h.clock.now() + 6 * kMinuteMs);  // approval timeouts
    } else if (op < 97 && !ids.empty()) {
      h.run(RollbackStage{"P", pick(rng, stages), pick(rng, ids), ""});
    } else if (op == 99 && (switch_modes || roll(4) == 0)) {
      if (switch_modes) {
        mode =
            pick(rng, std::vector<ExecutionMode>{ExecutionMode::Superseded, ExecutionMode::Queued,
                                                 ExecutionMode::Parallel});
      }
      h.update(random_pipeline(mode));
    }
    checker.check(resumable, since);
  }

  // Drain: open every transition and finish everything; nothing may stay InProgress.
  for (const auto& stage : stages) h.enable(stage);
  for (int round = 0; round < 10000 && !h.running.empty(); ++round) {
    const StartAction s = h.running.begin()->second;
    if (s.approvalToken.empty()) {
      h.succeed(s.pipelineExecutionId, s.action.name);
    } else {
      h.approve("B", "ap", s.approvalToken);
    }
    checker.check(false, h.clock.now());
  }
  for (const auto& [id, e] : h.pipeline().executions) {
    if (!is_terminal(e.status)) FAIL(id << " left " << to_string(e.status));
    for (const ActionExecution& a : e.actionExecutions) {
      if (!is_terminal(a.status)) FAIL(a.actionExecutionId << " never ended");
    }
  }
  // Every StartAction handed to the fake executor corresponds to exactly one recorded attempt.
  std::set<std::string> started;
  for (const Effect& effect : h.effects) {
    if (const auto* s = std::get_if<StartAction>(&effect)) {
      if (!started.insert(s->actionExecutionId).second) FAIL("action started twice");
      bool recorded = false;
      for (const ActionExecution& a : h.execution(s->pipelineExecutionId).actionExecutions) {
        recorded = recorded || a.actionExecutionId == s->actionExecutionId;
      }
      if (!recorded) FAIL("unknown started action");
    }
  }
  std::string digest;
  for (const Effect& effect : h.effects) {
    if (const auto* n = std::get_if<Notify>(&effect)) {
      digest += n->pipelineExecutionId + n->state + n->actionExecutionId + ";";
    }
  }
  if (switch_modes || steps < kSteps) return digest;
  CHECK(started.size() > 1000);
  // The walk must reach the interesting places, or the invariants prove little.
  std::map<PipelineExecutionStatus, int> ended;
  int resumed = 0;
  for (const auto& [id, e] : h.pipeline().executions) {
    ++ended[e.status];
    resumed += e.attempt > 1 ? 1 : 0;
  }
  CHECK(ended[PipelineExecutionStatus::Succeeded] > 0);
  CHECK(ended[PipelineExecutionStatus::Failed] > 0);
  CHECK(ended[PipelineExecutionStatus::Stopped] > 0);
  CHECK((ended[PipelineExecutionStatus::Cancelled] > 0) == (mode != ExecutionMode::Parallel));
  CHECK(resumed > 0);
  CHECK((ended[PipelineExecutionStatus::Superseded] > 0) == (mode == ExecutionMode::Superseded));
  UNSCOPED_INFO("executions " << h.pipeline().executions.size() << ", actions " << started.size()
                              << ", resumed " << resumed);
  return digest;
}

}  // namespace

TEST_CASE("property: random commands keep the SUPERSEDED invariants") {
  run_random(ExecutionMode::Superseded, 1);
}

TEST_CASE("property: random commands keep the QUEUED invariants") {
  run_random(ExecutionMode::Queued, 2);
}

TEST_CASE("property: random commands keep the PARALLEL invariants") {
  run_random(ExecutionMode::Parallel, 3);
}

TEST_CASE("property: random commands with mode changes keep every invariant") {
  run_random(ExecutionMode::Queued, 4, kSteps, true);
}

TEST_CASE("property: decide is deterministic for one seed") {
  const std::string first = run_random(ExecutionMode::Superseded, 5, 2000);
  CHECK(first == run_random(ExecutionMode::Superseded, 5, 2000));
  CHECK(first != run_random(ExecutionMode::Superseded, 6, 2000));
}

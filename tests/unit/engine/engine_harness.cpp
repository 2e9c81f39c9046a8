// The fake executor and manual clock behind every engine scenario test.
#include "engine_harness.hpp"

#include <catch2/catch.hpp>

namespace lockstep::engine::testing {

Harness::Harness(const PipelineDeclaration& declaration, Timestamp start) : clock(start) {
  pipeline_name = declaration.name;
  state.ids.seed = 42;
  REQUIRE(decide(state, PipelineUpdated{declaration}, clock.now(), rules).accepted());
}

namespace {

// A cheap fingerprint of the state, to check that rejected commands change nothing.
std::string fingerprint(const EngineState& s) {
  std::string out = std::to_string(s.ids.counter) + "|" + std::to_string(s.timers.size()) + "|" +
                    std::to_string(s.approvalTokens.size());
  for (const auto& [name, p] : s.pipelines) {
    out += name + ":" + std::to_string(p.declaration.version) + ":" +
           std::to_string(p.activeExecutions) + ":" + std::to_string(p.executions.size());
    for (const auto& [stage, st] : p.stages) {
      out +=
          stage + st.lockHolder + st.latestExecutionId + (st.inboundTransition.enabled ? "1" : "0");
      for (const auto& id : st.inboundExecutions) out += id;
      for (const auto& id : st.heldExecutions) out += id;
    }
    for (const auto& [id, e] : p.executions) {
      out += id + to_string(e.status) + std::to_string(e.actionExecutions.size()) +
             std::to_string(static_cast<int>(e.position)) + std::to_string(e.stageIndex);
      for (const auto& se : e.stageExecutions) out += to_string(se.status);
      for (const auto& a : e.actionExecutions) out += to_string(a.status);
    }
  }
  return out;
}

}  // namespace

Decision Harness::run(const Command& command) {
  const std::string before = verify_rejections ? fingerprint(state) : std::string();
  Decision d = decide(state, command, clock.now(), rules);
  if (!d.accepted() && verify_rejections) {
    CHECK(fingerprint(state) == before);
    CHECK(d.effects.empty());
  }
  absorb(d);
  return d;
}

void Harness::absorb(const Decision& d) {
  for (const Effect& effect : d.effects) {
    effects.push_back(effect);
    if (const auto* start = std::get_if<StartAction>(&effect)) {
      running[start->actionExecutionId] = *start;
    } else if (const auto* cancel = std::get_if<CancelAction>(&effect)) {
      running.erase(cancel->actionExecutionId);
    } else if (const auto* timer = std::get_if<ArmTimer>(&effect)) {
      timers[timer->timerId] = *timer;
    } else if (const auto* n = std::get_if<Notify>(&effect)) {
      // Approvals are answered by ApprovalResult: forget them once they end.
      if (n->subject == EventSubject::ActionExecution && n->state != "STARTED") {
        running.erase(n->actionExecutionId);
      }
    }
  }
}

Decision Harness::start(const std::string& id, StartExecution extra) {
  extra.pipelineName = pipeline_name;
  extra.pipelineExecutionId = id;
  if (extra.trigger.triggerType.empty()) extra.trigger = {"StartPipelineExecution", "tester"};
  return run(extra);
}

Decision Harness::stop(const std::string& id, bool abandon, const std::string& reason) {
  return run(StopExecution{pipeline_name, id, abandon, reason});
}

Decision Harness::retry(const std::string& stage, const std::string& id, StageRetryMode mode) {
  return run(RetryStage{pipeline_name, stage, id, mode});
}

Decision Harness::disable(const std::string& stage, const std::string& reason) {
  return run(DisableTransition{pipeline_name, stage, TransitionType::Inbound, reason, "tester"});
}

Decision Harness::enable(const std::string& stage) {
  return run(EnableTransition{pipeline_name, stage, TransitionType::Inbound, "tester"});
}

Decision Harness::update(PipelineDeclaration next) {
  next.name = pipeline_name;
  next.version = pipeline().declaration.version + 1;
  return run(PipelineUpdated{std::move(next)});
}

Decision Harness::approve(const std::string& stage, const std::string& action,
                          const std::string& token, ApprovalStatus status,
                          const std::string& summary) {
  return run(ApprovalResult{pipeline_name, stage, action, token, status, summary, "approver"});
}

void Harness::advance_to(Timestamp until) {
  for (;;) {
    auto next = timers.end();
    for (auto it = timers.begin(); it != timers.end(); ++it) {
      if (it->second.fireAt <= until &&
          (next == timers.end() || it->second.fireAt < next->second.fireAt)) {
        next = it;
      }
    }
    if (next == timers.end()) break;
    const ArmTimer timer = next->second;
    timers.erase(next);
    if (timer.fireAt > clock.now()) clock.set(timer.fireAt);
    REQUIRE(run(TimerFired{timer.timerId}).accepted());
  }
  if (until > clock.now()) clock.set(until);
}

bool Harness::is_running(const std::string& id, const std::string& action) const {
  for (const auto& [aid, s] : running) {
    if (s.pipelineExecutionId == id && s.action.name == action) return true;
  }
  return false;
}

std::string Harness::running_id(const std::string& id, const std::string& action) const {
  for (const auto& [aid, s] : running) {
    if (s.pipelineExecutionId == id && s.action.name == action) return aid;
  }
  FAIL("no running action " << action << " for " << id);
  return "";
}

Decision Harness::succeed(const std::string& id, const std::string& action, VariableValues vars) {
  const std::string aid = running_id(id, action);
  const StartAction& s = running.at(aid);
  ActionCompleted c;
  c.pipelineName = s.pipelineName;
  c.pipelineExecutionId = s.pipelineExecutionId;
  c.actionExecutionId = aid;
  c.outcome = ActionOutcome::Succeeded;
  c.summary = "done";
  for (const auto& out : s.action.outputArtifacts) {
    c.outputArtifacts.push_back({out.name, "artifact://" + id + "/" + action + "/" + aid, "", ""});
  }
  if (s.action.actionTypeId.category == ActionCategory::Source && vars.empty()) {
    vars = {{"CommitId",
             s.sourceRevisions.empty() ? "head-of-main" : s.sourceRevisions.front().revisionValue},
            {"BranchName", "main"}};
  }
  // A source's outputs carry its commit, as the Git source executor reports it.
  if (auto commit = vars.find("CommitId");
      s.action.actionTypeId.category == ActionCategory::Source && commit != vars.end()) {
    for (auto& artifact : c.outputArtifacts) artifact.revisionId = commit->second;
  }
  c.outputVariables = std::move(vars);
  running.erase(aid);
  return run(c);
}

Decision Harness::fail(const std::string& id, const std::string& action, const std::string& why) {
  const std::string aid = running_id(id, action);
  ActionCompleted c;
  c.pipelineName = pipeline_name;
  c.pipelineExecutionId = id;
  c.actionExecutionId = aid;
  c.outcome = ActionOutcome::Failed;
  c.summary = why;
  c.errorDetails = ErrorDetails{"JobFailed", why};
  running.erase(aid);
  return run(c);
}

void Harness::run_until_at(const std::string& id, const std::string& stage_name) {
  std::size_t target = 0;
  const auto& stages = declaration_of(pipeline(), execution(id)).stages;
  while (target < stages.size() && stages[target].name != stage_name) ++target;
  for (int guard = 0; guard < 1000; ++guard) {
    const PipelineExecution& e = execution(id);
    if (e.position == ExecutionPosition::Finished || e.stageIndex >= target) return;
    bool progressed = false;
    for (const auto& [aid, s] : running) {
      if (s.pipelineExecutionId == id) {
        succeed(id, s.action.name);
        progressed = true;
        break;
      }
    }
    if (!progressed) return;
  }
}

void Harness::settle(const std::string& id) {
  for (int guard = 0; guard < 1000; ++guard) {
    bool progressed = false;
    for (const auto& [aid, s] : running) {
      if (s.pipelineExecutionId == id && s.approvalToken.empty()) {
        succeed(id, s.action.name);
        progressed = true;
        break;
      }
    }
    if (!progressed) return;
  }
}

const StageExecution& Harness::stage(const std::string& id, const std::string& stage_name) {
  for (const StageExecution& se : execution(id).stageExecutions) {
    if (se.stageName == stage_name) return se;
  }
  FAIL("no stage " << stage_name);
  throw std::logic_error("unreachable");
}

std::vector<ActionExecution> Harness::attempts(const std::string& id, const std::string& action) {
  std::vector<ActionExecution> out;
  for (const ActionExecution& a : execution(id).actionExecutions) {
    if (a.actionName == action) out.push_back(a);
  }
  return out;
}

const ActionExecution& Harness::latest_attempt(const std::string& id, const std::string& action) {
  const PipelineExecution& e = execution(id);
  for (auto it = e.actionExecutions.rbegin(); it != e.actionExecutions.rend(); ++it) {
    if (it->actionName == action) return *it;
  }
  FAIL("no attempt of " << action);
  throw std::logic_error("unreachable");
}

std::vector<std::string> Harness::events(EventSubject subject, const std::string& id,
                                         const std::string& name) {
  std::vector<std::string> out;
  for (const Effect& effect : effects) {
    const auto* n = std::get_if<Notify>(&effect);
    if (n == nullptr || n->subject != subject || n->pipelineExecutionId != id) continue;
    if (!name.empty() && n->stageName != name && n->actionName != name) continue;
    out.push_back(n->state);
  }
  return out;
}

}  // namespace lockstep::engine::testing

// Drives decide() for tests: a fake executor that completes actions when the test says so, and a
// manual clock.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "engine/clock.hpp"
#include "engine/decide.hpp"
#include "engine/execution_flow.hpp"
#include "engine/pipeline_declaration.hpp"

namespace lockstep::engine::testing {

constexpr Timestamp kMinuteMs = 60 * 1000;
constexpr Timestamp kDayMs = 24 * 60 * kMinuteMs;

class Harness {
 public:
  explicit Harness(const PipelineDeclaration& declaration, Timestamp start = 1'700'000'000'000);

  EngineState state;
  ManualClock clock;
  RuleEvaluators rules = RuleEvaluators::with_builtins();
  std::string pipeline_name;
  std::vector<Effect> effects;                 // everything ever emitted
  std::map<std::string, StartAction> running;  // started and not yet reported or cancelled
  std::map<std::string, ArmTimer> timers;      // armed and not yet fired
  bool verify_rejections = true;  // full-state comparison on rejection; off for long runs

  // Runs one command; a rejection leaves the state as it was (checked on every call).
  Decision run(const Command& command);
  static std::string error(const Decision& d) { return d.rejection ? d.rejection->exception : ""; }

  // --- commands ---
  Decision start(const std::string& id, StartExecution extra = {});
  Decision stop(const std::string& id, bool abandon = false, const std::string& reason = "");
  Decision retry(const std::string& stage, const std::string& id, StageRetryMode mode);
  Decision disable(const std::string& stage, const std::string& reason = "freeze");
  Decision enable(const std::string& stage);
  Decision update(PipelineDeclaration next);  // stored as the next version
  Decision approve(const std::string& stage, const std::string& action, const std::string& token,
                   ApprovalStatus status = ApprovalStatus::Approved,
                   const std::string& summary = "ok");
  // Moves the clock to each due timer in order, firing it, up to `until`.
  void advance_to(Timestamp until);

  // --- fake executor ---
  bool is_running(const std::string& id, const std::string& action) const;
  std::string running_id(const std::string& id, const std::string& action) const;
  Decision succeed(const std::string& id, const std::string& action, VariableValues vars = {});
  Decision fail(const std::string& id, const std::string& action, const std::string& why = "boom");
  // Succeeds every running action of the execution until it is at (or inside) `stage`'s entry.
  void run_until_at(const std::string& id, const std::string& stage);
  // Succeeds running actions of the execution until nothing of it runs.
  void settle(const std::string& id);

  // --- observations ---
  PipelineState& pipeline() { return state.pipelines.at(pipeline_name); }
  PipelineExecution& execution(const std::string& id) { return pipeline().executions.at(id); }
  PipelineExecutionStatus status(const std::string& id) { return execution(id).status; }
  const StageExecution& stage(const std::string& id, const std::string& stage_name);
  StageExecutionStatus stage_status(const std::string& id, const std::string& stage_name) {
    return stage(id, stage_name).status;
  }
  bool entered(const std::string& id, const std::string& stage_name) {
    return stage(id, stage_name).entered;
  }
  std::vector<std::string> inbound(const std::string& stage_name) {
    return pipeline().stages.at(stage_name).inboundExecutions;
  }
  std::string lock_holder(const std::string& stage_name) {
    return pipeline().stages.at(stage_name).lockHolder;
  }
  std::string latest(const std::string& stage_name) {
    return pipeline().stages.at(stage_name).latestExecutionId;
  }
  std::vector<ActionExecution> attempts(const std::string& id, const std::string& action);
  const ActionExecution& latest_attempt(const std::string& id, const std::string& action);
  std::vector<std::string> events(EventSubject subject, const std::string& id,
                                  const std::string& name = "");

 private:
  void absorb(const Decision& d);
};

}  // namespace lockstep::engine::testing

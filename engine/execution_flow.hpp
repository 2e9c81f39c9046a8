// The steps decide's handlers share to move executions through stages (engine-internal).
#pragma once

#include <string>
#include <string_view>

#include "engine/api_errors.hpp"
#include "engine/decide.hpp"
#include "engine/engine_state.hpp"

namespace lockstep::engine {

// One decision in progress: where effects go and what time it is.
struct DecisionContext {
  EngineState& state;
  Timestamp now;
  const RuleEvaluators& rules;
  Decision& decision;

  void emit(Effect effect) { decision.effects.push_back(std::move(effect)); }
  void reject(const char* exception, std::string message) {
    decision.rejection = Rejection{exception, std::move(message)};
  }
};

// --- lookups (execution_flow.cpp) ---
const PipelineDeclaration& declaration_of(const PipelineState& p, const PipelineExecution& e);
const StageDeclaration& stage_declaration(const PipelineState& p, const PipelineExecution& e,
                                          std::size_t stage_index);
// SUPERSEDED and QUEUED executions take stage locks; PARALLEL ones never do.
inline bool uses_stage_locks(const PipelineExecution& e) {
  return e.executionMode != ExecutionMode::Parallel;
}
StageState& stage_state(PipelineState& p, const std::string& stage_name);
// Index of the stage in the pipeline's current declaration, or -1.
int current_stage_index(const PipelineState& p, std::string_view stage_name);
PipelineExecution* find_execution(PipelineState& p, const std::string& id);
ActionExecution* find_action_execution(EngineState& s, const ActionExecutionRef& ref,
                                       PipelineState** pipeline = nullptr,
                                       PipelineExecution** execution = nullptr);
// Any action attempt or condition rule of the stage still InProgress.
bool stage_has_running_work(const PipelineExecution& e, std::size_t stage_index);
bool stage_has_running_actions(const PipelineExecution& e, std::size_t stage_index);

// --- status changes with their events (status_changes.cpp) ---
void notify(DecisionContext& ctx, const PipelineExecution& e, EventSubject subject,
            const char* state, std::string_view stage = {}, std::string_view action = {},
            std::string_view action_execution_id = {});
void set_execution_status(DecisionContext& ctx, PipelineState& p, PipelineExecution& e,
                          PipelineExecutionStatus to);
void set_stage_status(DecisionContext& ctx, PipelineExecution& e, std::size_t stage_index,
                      StageExecutionStatus to);
void set_action_status(DecisionContext& ctx, PipelineExecution& e, ActionExecution& a,
                       ActionExecutionStatus to);

// --- creation (execution_start.cpp) ---
PipelineExecution& create_execution(DecisionContext& ctx, PipelineState& p, std::string id,
                                    ExecutionTrigger trigger);

// --- stage locks, waiters and admission (stage_lock.cpp) ---
// The execution reaches the entry of `stage_index` (or finishes when there is no such stage).
void arrive_at_stage(DecisionContext& ctx, PipelineState& p, PipelineExecution& e,
                     std::size_t stage_index);
// The holder leaves `stage_name`: free the lock and admit the next waiter, if the mode says so.
void release_stage(DecisionContext& ctx, PipelineState& p, const std::string& stage_name,
                   const std::string& execution_id);
void admit_waiters(DecisionContext& ctx, PipelineState& p, StageState& stage);
// Removes a waiting execution from its stage entry (stop, cancel, supersede).
void remove_waiter(PipelineState& p, const PipelineExecution& e);

// --- actions inside a stage (run_order.cpp, action_start.cpp, action_completion.cpp) ---
// Starts what may start now, or ends the stage when nothing more can happen in it.
void progress_stage(DecisionContext& ctx, PipelineState& p, PipelineExecution& e);
void start_action(DecisionContext& ctx, PipelineState& p, PipelineExecution& e,
                  std::size_t stage_index, std::size_t action_index);
// Records a terminal result for an InProgress attempt (no stage progress).
void record_action_result(DecisionContext& ctx, PipelineExecution& e, ActionExecution& a,
                          ActionExecutionStatus status, std::string summary,
                          std::optional<ErrorDetails> error = {});

// --- stop (stop.cpp) ---
// Stop-and-abandon: running attempts become Abandoned, running rules too.
void abandon_running_work(DecisionContext& ctx, PipelineExecution& e, std::size_t stage_index,
                          const std::string& reason);

// --- leaving a stage (stage_outcome.cpp) ---
void leave_stage(DecisionContext& ctx, PipelineState& p, PipelineExecution& e,
                 StageExecutionStatus outcome);

// --- retry (retry.cpp) ---
// Restarts the stage the execution is inside, or was last inside (manual or automatic).
void resume_stage(DecisionContext& ctx, PipelineState& p, PipelineExecution& e,
                  std::size_t stage_index, StageRetryMode mode, StageRetryTrigger trigger);

// --- rollback (rollback.cpp) ---
void start_automatic_rollback(DecisionContext& ctx, PipelineState& p, const PipelineExecution& e,
                              std::size_t stage_index);

// --- conditions (conditions.cpp) ---
void start_condition(DecisionContext& ctx, PipelineState& p, PipelineExecution& e,
                     ConditionType type);
// Evaluates onFailure conditions at once; true when met (all rules succeeded).
bool on_failure_condition_met(DecisionContext& ctx, PipelineState& p, PipelineExecution& e);
void recheck_rule(DecisionContext& ctx, PipelineState& p, PipelineExecution& e,
                  std::size_t stage_index, const std::string& rule_execution_id);
void end_condition_early(PipelineExecution& e, std::size_t stage_index, ConditionStatus status,
                         Timestamp now);

// --- variables (variables_resolution.cpp) ---
// Substitutes every #{ns.key} in `raw`; unresolved references are appended as "#{ns.key}".
std::string resolve_variables(const PipelineExecution& e, const std::string& raw,
                              std::vector<std::string>& unresolved);

}  // namespace lockstep::engine

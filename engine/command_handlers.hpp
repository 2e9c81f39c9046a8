// One handler per command; decide() dispatches to them (engine-internal).
#pragma once

#include "engine/execution_flow.hpp"

namespace lockstep::engine {

// Each handler either rejects (ctx.reject, state untouched) or applies the command.
void handle(DecisionContext& ctx, const StartExecution& c);          // execution_start.cpp
void handle(DecisionContext& ctx, const ActionCompleted& c);         // action_completion.cpp
void handle(DecisionContext& ctx, const ApprovalResult& c);          // approvals.cpp
void handle(DecisionContext& ctx, const StopExecution& c);           // stop.cpp
void handle(DecisionContext& ctx, const RetryStage& c);              // retry.cpp
void handle(DecisionContext& ctx, const EnableTransition& c);        // transitions.cpp
void handle(DecisionContext& ctx, const DisableTransition& c);       // transitions.cpp
void handle(DecisionContext& ctx, const RollbackStage& c);           // rollback.cpp
void handle(DecisionContext& ctx, const OverrideStageCondition& c);  // condition_override.cpp
void handle(DecisionContext& ctx, const PipelineUpdated& c);         // pipeline_update.cpp
void handle(DecisionContext& ctx, const PipelineDeleted& c);         // pipeline_update.cpp
void handle(DecisionContext& ctx, const TimerFired& c);              // timers.cpp
void handle(DecisionContext& ctx, const RecoverAfterRestart& c);     // timers.cpp

}  // namespace lockstep::engine

// Stage conditions (SEMANTICS §15.2): rules of one condition start together; the condition is met
// when all succeed and not met as soon as one fails; the stage then proceeds by its result.
#include "engine/command_handlers.hpp"

namespace lockstep::engine {
namespace {

const std::vector<Condition>* conditions_of(const StageDeclaration& sd, ConditionType type) {
  switch (type) {
    case ConditionType::BeforeEntry:
      return &sd.beforeEntry;
    case ConditionType::OnSuccess:
      return &sd.onSuccess;
    case ConditionType::OnFailure:
      return sd.onFailure ? &sd.onFailure->conditions : nullptr;
  }
  return nullptr;
}

const RuleDeclaration* rule_declaration(const StageDeclaration& sd, ConditionType type,
                                        const std::string& name) {
  const auto* conditions = conditions_of(sd, type);
  if (conditions == nullptr || conditions->empty()) return nullptr;
  for (const RuleDeclaration& rule : conditions->front().rules) {
    if (rule.name == name) return &rule;
  }
  return nullptr;
}

void evaluate_rule(DecisionContext& ctx, const PipelineExecution& e, RuleExecution& r,
                   const RuleDeclaration& rd) {
  std::vector<std::string> unresolved;
  r.resolvedConfiguration.clear();
  for (const auto& [key, raw] : rd.configuration) {
    r.resolvedConfiguration[key] = resolve_variables(e, raw, unresolved);
  }
  r.lastUpdateTime = ctx.now;
  if (!unresolved.empty()) {
    r.status = RuleExecutionStatus::Failed;
    r.summary = "One or more variables could not be resolved: Rule name=" + rd.name;
    return;
  }
  const RuleEvaluator* evaluator = ctx.rules.find(rd.ruleTypeId.provider);
  if (evaluator == nullptr) {
    r.status = RuleExecutionStatus::Failed;  // Errored counts as Failed (§3.5)
    r.summary = "No evaluator is available for rule provider " + rd.ruleTypeId.provider;
    return;
  }
  RuleEvaluation result = evaluator->evaluate(RuleInput{rd, r.resolvedConfiguration, ctx.now});
  r.status = result.status;
  r.summary = std::move(result.summary);
  if (r.status == RuleExecutionStatus::InProgress && result.recheckAt) {
    PendingTimer timer;
    timer.timerId = ctx.state.ids.next_ordered(ctx.now);
    timer.kind = TimerKind::RuleRecheck;
    timer.fireAt = *result.recheckAt;
    timer.pipelineName = e.pipelineName;
    timer.pipelineExecutionId = e.pipelineExecutionId;
    timer.stageName = e.stageExecutions[e.stageIndex].stageName;
    timer.ruleExecutionId = r.ruleExecutionId;
    r.timerId = timer.timerId;
    ctx.emit(ArmTimer{timer.timerId, timer.fireAt, timer.kind});
    ctx.state.timers.emplace(timer.timerId, std::move(timer));
  }
}

// Creates the condition execution and evaluates every rule once.
ConditionExecution& begin(DecisionContext& ctx, PipelineState& p, PipelineExecution& e,
                          ConditionType type) {
  const StageDeclaration& sd = stage_declaration(p, e, e.stageIndex);
  const Condition& declared = conditions_of(sd, type)->front();
  StageExecution& se = e.stageExecutions[e.stageIndex];
  se.condition = ConditionExecution{};
  se.condition->conditionType = type;
  se.condition->result = declared.result;
  for (const RuleDeclaration& rd : declared.rules) {
    RuleExecution r;
    r.ruleExecutionId = ctx.state.ids.next_ordered(ctx.now);
    r.ruleName = rd.name;
    r.startTime = ctx.now;
    se.condition->rules.push_back(std::move(r));
  }
  for (std::size_t i = 0; i < declared.rules.size(); ++i) {
    evaluate_rule(ctx, e, se.condition->rules[i], declared.rules[i]);
  }
  return *se.condition;
}

// Condition status from its rules: Failed as soon as one failed, Succeeded when all did.
void settle_status(ConditionExecution& c) {
  bool pending = false;
  for (const RuleExecution& r : c.rules) {
    if (r.status == RuleExecutionStatus::Failed) {
      c.status = ConditionStatus::Failed;
      c.summary = r.summary;
      return;
    }
    pending = pending || r.status == RuleExecutionStatus::InProgress;
  }
  if (!pending) c.status = ConditionStatus::Succeeded;
}

void conclude(DecisionContext& ctx, PipelineState& p, PipelineExecution& e) {
  const std::size_t stage_index = e.stageIndex;
  StageExecution& se = e.stageExecutions[stage_index];
  ConditionExecution& c = *se.condition;
  settle_status(c);
  if (c.status == ConditionStatus::InProgress) return;  // some rule still waits
  // Rules still running abandon as soon as one failed (the condition is decided).
  for (RuleExecution& r : c.rules) {
    if (r.status == RuleExecutionStatus::InProgress) r.status = RuleExecutionStatus::Abandoned;
  }
  if (e.cancelPending || e.status == PipelineExecutionStatus::Stopping) {
    progress_stage(ctx, p, e);  // the stop or the update decides how the stage ends
    return;
  }
  const bool met = c.status == ConditionStatus::Succeeded;
  const std::optional<ConditionResult> result = c.result;
  if (c.conditionType == ConditionType::BeforeEntry) {
    if (met) {
      progress_stage(ctx, p, e);
    } else if (result == ConditionResult::Skip) {
      leave_stage(ctx, p, e, StageExecutionStatus::Skipped);
    } else {
      e.statusSummary = c.summary;
      leave_stage(ctx, p, e, StageExecutionStatus::Failed);
    }
    return;
  }
  // onSuccess
  if (met) {
    leave_stage(ctx, p, e, StageExecutionStatus::Succeeded);
  } else if (result == ConditionResult::Rollback) {
    // S7: the stage counts as Succeeded for this execution and the stage is rolled back.
    leave_stage(ctx, p, e, StageExecutionStatus::Succeeded);
    start_automatic_rollback(ctx, p, e, stage_index);
  } else {
    se.failedByOnSuccessCondition = true;
    e.statusSummary = c.summary;
    leave_stage(ctx, p, e, StageExecutionStatus::Failed);
  }
}

}  // namespace

void start_condition(DecisionContext& ctx, PipelineState& p, PipelineExecution& e,
                     ConditionType type) {
  begin(ctx, p, e, type);
  conclude(ctx, p, e);
}

bool on_failure_condition_met(DecisionContext& ctx, PipelineState& p, PipelineExecution& e) {
  // Evaluated once, right after the failure: a rule that cannot decide at once counts as not
  // met (our decision), since the failed stage no longer holds anything to wait in.
  ConditionExecution& c = begin(ctx, p, e, ConditionType::OnFailure);
  settle_status(c);
  if (c.status == ConditionStatus::InProgress) {
    for (RuleExecution& r : c.rules) {
      if (r.status == RuleExecutionStatus::InProgress) r.status = RuleExecutionStatus::Abandoned;
    }
    c.status = ConditionStatus::Failed;
  }
  return c.status == ConditionStatus::Succeeded;
}

void recheck_rule(DecisionContext& ctx, PipelineState& p, PipelineExecution& e,
                  std::size_t stage_index, const std::string& rule_execution_id) {
  StageExecution& se = e.stageExecutions[stage_index];
  if (!se.condition || se.condition->status != ConditionStatus::InProgress) return;
  const StageDeclaration& sd = stage_declaration(p, e, stage_index);
  for (RuleExecution& r : se.condition->rules) {
    if (r.ruleExecutionId != rule_execution_id || r.status != RuleExecutionStatus::InProgress) {
      continue;
    }
    const RuleDeclaration* rd = rule_declaration(sd, se.condition->conditionType, r.ruleName);
    if (rd == nullptr) return;
    r.timerId.clear();
    evaluate_rule(ctx, e, r, *rd);
    conclude(ctx, p, e);
    return;
  }
}

void end_condition_early(PipelineExecution& e, std::size_t stage_index, ConditionStatus status,
                         Timestamp now) {
  auto& condition = e.stageExecutions[stage_index].condition;
  if (!condition || condition->status != ConditionStatus::InProgress) return;
  for (RuleExecution& r : condition->rules) {
    if (r.status == RuleExecutionStatus::InProgress) {
      r.status = RuleExecutionStatus::Abandoned;
      r.lastUpdateTime = now;
    }
  }
  condition->status = status;
}

}  // namespace lockstep::engine

// Stage condition rules: allowed results per condition type, RETRY configuration, known rule
// types, and where ROLLBACK is impossible (SEMANTICS §2.1 rules 11-13, §9.4, §15).
#include <algorithm>

#include "engine/action_type_registry.hpp"
#include "engine/declaration_rules.hpp"

namespace lockstep::engine::rules {
namespace {

using R = ConditionResult;

struct StageContext {
  const PipelineDeclaration& d;
  std::size_t stage;
  Problems& out;
  std::string stage_label() const { return "stage " + quoted(d.stages[stage].name); }
};

// Rules 12 and 13: where a ROLLBACK result can never work.
void check_rollback(const StageContext& ctx, std::optional<R> result, const std::string& path,
                    const std::string& what) {
  if (result != R::Rollback) return;
  if (ctx.stage == 0) {
    add(ctx.out, path,
        what + " of the first " + ctx.stage_label() +
            " uses result ROLLBACK; a source stage cannot be rolled back",
        exception::kInvalidStructure);
  }
  if (ctx.d.executionMode == ExecutionMode::Parallel) {
    add(ctx.out, path,
        what + " of " + ctx.stage_label() +
            " uses result ROLLBACK, which pipelines in PARALLEL execution mode cannot use",
        exception::kInvalidStructure);
  }
}

void check_rules(const StageContext& ctx, const Condition& condition, const std::string& path,
                 const std::string& what) {
  if (condition.rules.empty()) {
    add(ctx.out, path + ".rules",
        what + " of " + ctx.stage_label() + " has no rules; a condition needs 1 to 5 rules",
        exception::kInvalidStage);
  }
  for (std::size_t r = 0; r < condition.rules.size(); ++r) {
    const RuleDeclaration& rule = condition.rules[r];
    const std::string rule_path = path + ".rules[" + std::to_string(r) + "]";
    const std::string who =
        "rule " + quoted(rule.name) + " of the " + what + " of " + ctx.stage_label();
    if (rule.ruleTypeId.provider.empty()) continue;  // reported by the reader
    const RuleTypeSpec* spec = find_rule_type(rule.ruleTypeId);
    if (spec == nullptr) {
      std::string known;
      for (const auto& t : known_rule_types()) {
        known += (known.empty() ? "" : ", ") + std::string(t.provider);
      }
      add(ctx.out, rule_path + ".ruleTypeId",
          who + " has an unknown rule type: provider " + rule.ruleTypeId.provider + ", version " +
              rule.ruleTypeId.version + " (known providers, version 1: " + known + ")",
          exception::kInvalidStage);
      continue;
    }
    for (std::string_view key : spec->required_keys) {
      if (!rule.configuration.contains(std::string(key))) {
        add(ctx.out, rule_path + ".configuration." + std::string(key),
            who + " is missing the required configuration key " + quoted(std::string(key)),
            exception::kInvalidStage);
      }
    }
    if (spec->needs_commands && rule.commands.empty()) {
      add(ctx.out, rule_path + ".commands", who + " needs a commands list of 1 to 50 commands",
          exception::kInvalidStage);
    }
    if (condition.result == R::Skip && !spec->allows_skip) {
      add(ctx.out, path + ".result",
          what + " of " + ctx.stage_label() + " uses result SKIP, which only works with " +
              "VariableCheck and LambdaInvoke rules; " + who + " is " + rule.ruleTypeId.provider,
          exception::kInvalidStage);
    }
  }
}

// beforeEntry and onSuccess: each condition carries its own result from a fixed pair.
void check_condition_list(const StageContext& ctx, const std::vector<Condition>& conditions,
                          const std::string& base, const char* kind, R first, R second) {
  for (std::size_t c = 0; c < conditions.size(); ++c) {
    const Condition& condition = conditions[c];
    const std::string path = base + ".conditions[" + std::to_string(c) + "]";
    const std::string what = std::string(kind) + " condition";
    const std::string allowed = std::string(to_string(first)) + " or " + to_string(second);
    if (!condition.result) {
      add(ctx.out, path + ".result",
          what + " of " + ctx.stage_label() + " needs a result: " + allowed,
          exception::kInvalidStage);
    } else if (*condition.result != first && *condition.result != second) {
      add(ctx.out, path + ".result",
          what + " of " + ctx.stage_label() + " must have result " + allowed + ", got " +
              to_string(*condition.result),
          exception::kInvalidStage);
    }
    check_rollback(ctx, condition.result, path + ".result", what);
    check_rules(ctx, condition, path, what);
  }
}

void check_on_failure(const StageContext& ctx, const FailureConditions& failure) {
  const std::string base = stage_path(ctx.stage) + ".onFailure";
  const std::string label = "onFailure of " + ctx.stage_label();
  if (!failure.result) {
    add(ctx.out, base + ".result", label + " needs a result: ROLLBACK or RETRY",
        exception::kInvalidStage);
  } else if (*failure.result != R::Rollback && *failure.result != R::Retry) {
    add(ctx.out, base + ".result",
        label + " must have result ROLLBACK or RETRY, got " + to_string(*failure.result),
        exception::kInvalidStage);
  }
  check_rollback(ctx, failure.result, base + ".result", "onFailure");
  const bool retry = failure.result == R::Retry;
  if (retry && !failure.retryMode) {
    add(ctx.out, base + ".retryConfiguration",
        label +
            " has result RETRY and needs retryConfiguration.retryMode: FAILED_ACTIONS or "
            "ALL_ACTIONS",
        exception::kInvalidStage);
  } else if (!retry && failure.retryMode) {
    add(ctx.out, base + ".retryConfiguration",
        label + " has retryConfiguration, which is only used with result RETRY",
        exception::kInvalidStage);
  }
  if (retry && !failure.conditions.empty()) {
    add(ctx.out, base + ".conditions",
        label + " cannot combine result RETRY with conditions; automatic retry is unconditional",
        exception::kInvalidStructure);
  }
  for (std::size_t c = 0; c < failure.conditions.size(); ++c) {
    const Condition& condition = failure.conditions[c];
    const std::string path = base + ".conditions[" + std::to_string(c) + "]";
    // An onFailure condition decides whether to roll back; without a result it inherits it.
    if (condition.result && *condition.result != R::Rollback) {
      add(ctx.out, path + ".result",
          "onFailure condition of " + ctx.stage_label() + " must have result ROLLBACK, got " +
              to_string(*condition.result),
          exception::kInvalidStage);
    }
    if (!retry) check_rules(ctx, condition, path, "onFailure condition");
  }
}

}  // namespace

void check_conditions(const PipelineDeclaration& d, Problems& out) {
  for (std::size_t s = 0; s < d.stages.size(); ++s) {
    const StageDeclaration& stage = d.stages[s];
    const StageContext ctx{d, s, out};
    check_condition_list(ctx, stage.beforeEntry, stage_path(s) + ".beforeEntry", "beforeEntry",
                         R::Fail, R::Skip);
    check_condition_list(ctx, stage.onSuccess, stage_path(s) + ".onSuccess", "onSuccess",
                         R::Rollback, R::Fail);
    if (stage.onFailure) check_on_failure(ctx, *stage.onFailure);
  }
}

}  // namespace lockstep::engine::rules

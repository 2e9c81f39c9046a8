// The spelling of every enum the execution documents hold, shared by their writer and reader.
#pragma once

#include <array>
#include <optional>
#include <string_view>
#include <type_traits>

#include "engine/engine_state.hpp"
#include "engine/execution_status.hpp"
#include "engine/pipeline_declaration.hpp"
#include "engine/pipeline_execution.hpp"

namespace lockstep::storage::document {

// These three exist only inside Lockstep, so they are spelled as the engine names them; every
// other enum is spelled as the API spells it (engine::to_string).
inline const char* spell(engine::StopMode v) {
  return v == engine::StopMode::Wait ? "Wait" : "Abandon";
}
inline const char* spell(engine::TimerKind v) {
  return v == engine::TimerKind::ApprovalTimeout ? "ApprovalTimeout" : "RuleRecheck";
}
inline const char* spell(engine::ExecutionPosition v) {
  switch (v) {
    case engine::ExecutionPosition::WaitingAtEntry:
      return "WaitingAtEntry";
    case engine::ExecutionPosition::InsideStage:
      return "InsideStage";
    case engine::ExecutionPosition::Finished:
      return "Finished";
  }
  return "";
}
template <typename E>
requires std::is_enum_v<E>
const char* spell(E v) {
  return engine::to_string(v);
}

// Every value of an enum, so that a spelling can be looked up.
template <typename E>
constexpr auto values_of() {
  if constexpr (std::is_same_v<E, engine::PipelineExecutionStatus>) {
    using enum engine::PipelineExecutionStatus;
    return std::array{InProgress, Stopping, Stopped, Succeeded, Superseded, Failed, Cancelled};
  } else if constexpr (std::is_same_v<E, engine::StageExecutionStatus>) {
    using enum engine::StageExecutionStatus;
    return std::array{InProgress, Stopping, Stopped, Succeeded, Failed, Skipped, Cancelled};
  } else if constexpr (std::is_same_v<E, engine::ActionExecutionStatus>) {
    using enum engine::ActionExecutionStatus;
    return std::array{InProgress, Succeeded, Failed, Abandoned};
  } else if constexpr (std::is_same_v<E, engine::ConditionStatus>) {
    using enum engine::ConditionStatus;
    return std::array{InProgress, Succeeded, Failed, Errored, Cancelled, Abandoned, Overridden};
  } else if constexpr (std::is_same_v<E, engine::RuleExecutionStatus>) {
    using enum engine::RuleExecutionStatus;
    return std::array{InProgress, Succeeded, Failed, Abandoned};
  } else if constexpr (std::is_same_v<E, engine::ExecutionType>) {
    using enum engine::ExecutionType;
    return std::array{Standard, Rollback};
  } else if constexpr (std::is_same_v<E, engine::StageRetryTrigger>) {
    using enum engine::StageRetryTrigger;
    return std::array{AutomatedStageRetry, ManualStageRetry};
  } else if constexpr (std::is_same_v<E, engine::ConditionType>) {
    using enum engine::ConditionType;
    return std::array{BeforeEntry, OnSuccess, OnFailure};
  } else if constexpr (std::is_same_v<E, engine::ConditionResult>) {
    using enum engine::ConditionResult;
    return std::array{Rollback, Fail, Retry, Skip};
  } else if constexpr (std::is_same_v<E, engine::ExecutionMode>) {
    using enum engine::ExecutionMode;
    return std::array{Superseded, Queued, Parallel};
  } else if constexpr (std::is_same_v<E, engine::ActionCategory>) {
    using enum engine::ActionCategory;
    return std::array{Source, Build, Deploy, Test, Invoke, Approval, Compute};
  } else if constexpr (std::is_same_v<E, engine::ActionOwner>) {
    using enum engine::ActionOwner;
    return std::array{AWS, ThirdParty, Custom};
  } else if constexpr (std::is_same_v<E, engine::StopMode>) {
    using enum engine::StopMode;
    return std::array{Wait, Abandon};
  } else if constexpr (std::is_same_v<E, engine::ExecutionPosition>) {
    using enum engine::ExecutionPosition;
    return std::array{WaitingAtEntry, InsideStage, Finished};
  } else {
    static_assert(std::is_same_v<E, engine::TimerKind>, "an enum documents do not hold");
    using enum engine::TimerKind;
    return std::array{ApprovalTimeout, RuleRecheck};
  }
}

template <typename E>
std::optional<E> parse(std::string_view text) {
  for (E value : values_of<E>()) {
    if (text == spell(value)) return value;
  }
  return std::nullopt;
}

}  // namespace lockstep::storage::document

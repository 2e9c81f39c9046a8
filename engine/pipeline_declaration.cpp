// Enum spellings of the pipeline declaration, exactly as CodePipeline's API writes them.
#include "engine/pipeline_declaration.hpp"

#include <array>
#include <utility>

namespace lockstep::engine {
namespace {

// One table per enum keeps to_string and parse_* from drifting apart.
template <typename E, std::size_t N>
using Spellings = std::array<std::pair<E, const char*>, N>;

constexpr Spellings<ActionCategory, 7> kCategories{{{ActionCategory::Source, "Source"},
                                                    {ActionCategory::Build, "Build"},
                                                    {ActionCategory::Deploy, "Deploy"},
                                                    {ActionCategory::Test, "Test"},
                                                    {ActionCategory::Invoke, "Invoke"},
                                                    {ActionCategory::Approval, "Approval"},
                                                    {ActionCategory::Compute, "Compute"}}};
constexpr Spellings<ActionOwner, 3> kOwners{{{ActionOwner::AWS, "AWS"},
                                             {ActionOwner::ThirdParty, "ThirdParty"},
                                             {ActionOwner::Custom, "Custom"}}};
constexpr Spellings<ExecutionMode, 3> kModes{{{ExecutionMode::Superseded, "SUPERSEDED"},
                                              {ExecutionMode::Queued, "QUEUED"},
                                              {ExecutionMode::Parallel, "PARALLEL"}}};
constexpr Spellings<PipelineType, 2> kTypes{{{PipelineType::V1, "V1"}, {PipelineType::V2, "V2"}}};
constexpr Spellings<ConditionResult, 4> kResults{{{ConditionResult::Rollback, "ROLLBACK"},
                                                  {ConditionResult::Fail, "FAIL"},
                                                  {ConditionResult::Retry, "RETRY"},
                                                  {ConditionResult::Skip, "SKIP"}}};
constexpr Spellings<StageRetryMode, 2> kRetryModes{
    {{StageRetryMode::FailedActions, "FAILED_ACTIONS"},
     {StageRetryMode::AllActions, "ALL_ACTIONS"}}};
constexpr Spellings<PullRequestEvent, 3> kEvents{{{PullRequestEvent::Open, "OPEN"},
                                                  {PullRequestEvent::Updated, "UPDATED"},
                                                  {PullRequestEvent::Closed, "CLOSED"}}};

template <typename E, std::size_t N>
const char* spell(const Spellings<E, N>& table, E value) {
  for (const auto& [e, text] : table) {
    if (e == value) return text;
  }
  return "";
}

template <typename E, std::size_t N>
std::optional<E> lookup(const Spellings<E, N>& table, std::string_view text) {
  for (const auto& [e, spelling] : table) {
    if (text == spelling) return e;  // case sensitive, as the API is
  }
  return std::nullopt;
}

}  // namespace

const char* to_string(ActionCategory v) {
  return spell(kCategories, v);
}
const char* to_string(ActionOwner v) {
  return spell(kOwners, v);
}
const char* to_string(ExecutionMode v) {
  return spell(kModes, v);
}
const char* to_string(PipelineType v) {
  return spell(kTypes, v);
}
const char* to_string(ConditionResult v) {
  return spell(kResults, v);
}
const char* to_string(StageRetryMode v) {
  return spell(kRetryModes, v);
}
const char* to_string(PullRequestEvent v) {
  return spell(kEvents, v);
}

std::optional<ActionCategory> parse_action_category(std::string_view s) {
  return lookup(kCategories, s);
}
std::optional<ActionOwner> parse_action_owner(std::string_view s) {
  return lookup(kOwners, s);
}
std::optional<ExecutionMode> parse_execution_mode(std::string_view s) {
  return lookup(kModes, s);
}
std::optional<PipelineType> parse_pipeline_type(std::string_view s) {
  return lookup(kTypes, s);
}
std::optional<ConditionResult> parse_condition_result(std::string_view s) {
  return lookup(kResults, s);
}
std::optional<StageRetryMode> parse_stage_retry_mode(std::string_view s) {
  return lookup(kRetryModes, s);
}
std::optional<PullRequestEvent> parse_pull_request_event(std::string_view s) {
  return lookup(kEvents, s);
}

const StageDeclaration* PipelineDeclaration::find_stage(std::string_view stage_name) const {
  for (const auto& stage : stages) {
    if (stage.name == stage_name) return &stage;
  }
  return nullptr;
}

}  // namespace lockstep::engine

// Executions: list (filtered, in pages), get, start with variables, stop, retry a stage, and the
// action attempts of one execution. Commands run the AWS API's operations; the filtered listing
// reads storage's history with the same query and paging tokens as ListPipelineExecutions.
#include <array>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <initializer_list>
#include <optional>

#include "engine/api_errors.hpp"
#include "engine/execution_status.hpp"
#include "server/api_v1/handlers.hpp"
#include "server/aws_api/api_json.hpp"
#include "server/aws_api/paging_token.hpp"

namespace lockstep::server::api_v1 {
namespace {

using nlohmann::json;

constexpr long long kMaxPage = 100;
constexpr std::size_t kStoragePage = 50;

constexpr std::array<std::string_view, 7> kStatuses{
    "Cancelled", "InProgress", "Stopped", "Stopping", "Succeeded", "Superseded", "Failed"};

// Copies the members the caller sent, as sent, so that the operation judges their types.
void copy_members(const json& from, json& to, std::initializer_list<const char*> names) {
  for (const char* name : names) {
    if (auto it = from.find(name); it != from.end()) to[name] = *it;
  }
}

// Epoch seconds ("1764529200" or with a fraction) or UTC ISO 8601 ("2026-11-30T19:00:00Z"), as
// milliseconds since the epoch.
std::optional<engine::Timestamp> parse_time(const std::string& text) {
  if (text.empty() || text.size() > 40) return std::nullopt;
  if (text.find_first_not_of("0123456789.") == std::string::npos) {
    const auto dot = text.find('.');
    const auto seconds = parse_integer(text.substr(0, dot), 0, 100'000'000'000LL);
    if (!seconds) return std::nullopt;
    engine::Timestamp ms = *seconds * 1000;
    if (dot != std::string::npos) {
      std::string fraction = text.substr(dot + 1) + "000";
      const auto millis = parse_integer(fraction.substr(0, 3), 0, 999);
      if (!millis || text.find('.', dot + 1) != std::string::npos) return std::nullopt;
      ms += *millis;
    }
    return ms;
  }
  std::tm tm{};
  int consumed = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                  &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &consumed) != 6) {
    return std::nullopt;
  }
  std::string_view rest = std::string_view(text).substr(static_cast<std::size_t>(consumed));
  engine::Timestamp millis = 0;
  if (rest.starts_with('.')) {
    rest.remove_prefix(1);
    std::size_t digits = 0;
    while (digits < rest.size() && rest[digits] >= '0' && rest[digits] <= '9') ++digits;
    std::string fraction = std::string(rest.substr(0, digits)) + "000";
    millis = *parse_integer(fraction.substr(0, 3), 0, 999);
    rest.remove_prefix(digits);
  }
  if (rest != "Z") return std::nullopt;
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  const std::time_t seconds = timegm(&tm);
  if (seconds < 0) return std::nullopt;
  return static_cast<engine::Timestamp>(seconds) * 1000 + millis;
}

struct ExecutionFilter {
  std::optional<std::string> status;
  std::optional<std::string> trigger;
  std::optional<engine::Timestamp> since;  // startTime at or after
  std::optional<engine::Timestamp> until;  // startTime before

  bool matches(const engine::PipelineExecution& e) const {
    if (status && *status != engine::to_string(e.status)) return false;
    if (trigger && *trigger != e.trigger.triggerType) return false;
    if (since && e.startTime < *since) return false;
    if (until && e.startTime >= *until) return false;
    return true;
  }
  // The paging token's scope: a token is good only for the listing that issued it.
  std::string scope(const std::string& pipeline) const {
    return "rest-executions:" + pipeline + ":" + status.value_or("") + ":" + trigger.value_or("") +
           ":" + (since ? std::to_string(*since) : "") + ":" +
           (until ? std::to_string(*until) : "");
  }
};

// Reads the filters; false when refused (answered) with every problem at once.
bool read_filter(const ApiCall& call, ExecutionFilter& filter) {
  std::vector<std::string> problems;
  if (auto status = call.query("status")) {
    bool known = false;
    for (const std::string_view s : kStatuses) known = known || s == *status;
    if (!known) {
      problems.push_back(
          "status must be one of Cancelled, InProgress, Stopped, Stopping, "
          "Succeeded, Superseded, Failed");
    }
    filter.status = *status;
  }
  if (auto trigger = call.query("trigger")) filter.trigger = *trigger;
  for (const char* name : {"since", "until"}) {
    if (auto text = call.query(name)) {
      auto time = parse_time(*text);
      if (!time) {
        problems.push_back(std::string(name) +
                           " must be epoch seconds or UTC ISO 8601 such as 2026-11-30T19:00:00Z");
      }
      (std::string_view(name) == "since" ? filter.since : filter.until) = time;
    }
  }
  if (problems.empty()) return true;
  std::string message;
  for (const auto& p : problems) message += (message.empty() ? "" : "; ") + p;
  call.fail(engine::api_error::kValidation, message);
  return false;
}

}  // namespace

void list_executions(const ApiCall& call) {
  const std::string& name = call.parameter("name");
  ExecutionFilter filter;
  if (!read_filter(call, filter)) return;
  long long limit = kMaxPage;
  if (auto text = call.query("limit")) {
    const auto value = parse_integer(*text, 1, kMaxPage);
    if (!value) {
      call.fail(engine::api_error::kValidation, "limit must be a whole number from 1 to 100");
      return;
    }
    limit = *value;
  }
  const std::string scope = filter.scope(name);
  std::optional<std::uint64_t> cursor;
  if (auto next = call.query("next")) {
    const auto position = aws_api::read_paging_token(*next, scope);
    const auto sequence = position ? parse_integer(*position, 0, INT64_MAX) : std::nullopt;
    if (!sequence) {
      call.fail("InvalidNextTokenException", "The next token is not valid for this listing.");
      return;
    }
    cursor = static_cast<std::uint64_t>(*sequence);
  }
  if (!call.deps().pipelines.get_pipeline(name)) {
    call.fail(engine::api_error::kPipelineNotFound, "Pipeline " + name + " does not exist.");
    return;
  }

  // Pages of storage newest first, filtered here, until the page is full and one more match
  // shows that another page exists. Start times only go back, so `since` ends the walk.
  json executions = json::array();
  json body = json::object();
  bool done = false;
  while (!done) {
    const storage::ExecutionPage page = call.deps().executions.list(name, cursor, kStoragePage);
    for (const auto& shared : page.executions) {
      const engine::PipelineExecution& e = *shared;
      if (filter.since && e.startTime < *filter.since) {
        done = true;
        break;
      }
      if (!filter.matches(e)) continue;
      if (executions.size() == static_cast<std::size_t>(limit)) {
        body["next"] = aws_api::make_paging_token(scope, std::to_string(e.sequence));
        done = true;
        break;
      }
      executions.push_back(aws_api::execution_summary_json(e));
    }
    if (!page.next) break;
    cursor = page.next;
  }
  body["executions"] = std::move(executions);
  call.ok(body);
}

void start_execution(const ApiCall& call) {
  auto body = call.json_body();
  if (!body) return;
  json input = {{"name", call.parameter("name")}};
  copy_members(*body, input, {"clientRequestToken", "sourceRevisions"});
  if (auto variables = body->find("variables"); variables != body->end()) {
    // {"NAME": "value"} is accepted besides the API's [{"name", "value"}].
    if (variables->is_object()) {
      json list = json::array();
      for (const auto& [key, value] : variables->items()) {
        list.push_back({{"name", key}, {"value", value}});
      }
      input["variables"] = std::move(list);
    } else {
      input["variables"] = *variables;
    }
  }
  call.run(aws_api::start_pipeline_execution, std::move(input));
}

void get_execution(const ApiCall& call) {
  call.run(
      aws_api::get_pipeline_execution,
      {{"pipelineName", call.parameter("name")}, {"pipelineExecutionId", call.parameter("id")}},
      [](json body) { return std::move(body["pipelineExecution"]); });
}

void stop_execution(const ApiCall& call) {
  auto body = call.json_body();
  if (!body) return;
  json input = {{"pipelineName", call.parameter("name")},
                {"pipelineExecutionId", call.parameter("id")}};
  copy_members(*body, input, {"abandon", "reason"});
  call.run(aws_api::stop_pipeline_execution, std::move(input));
}

void retry_stage(const ApiCall& call) {
  auto body = call.json_body();
  if (!body) return;
  json input = {{"pipelineName", call.parameter("name")},
                {"pipelineExecutionId", call.parameter("id")},
                {"stageName", call.parameter("stage")},
                {"retryMode", "FAILED_ACTIONS"}};
  if (auto mode = body->find("mode"); mode != body->end()) input["retryMode"] = *mode;
  call.run(aws_api::retry_stage_execution, std::move(input));
}

void list_action_executions(const ApiCall& call) {
  json input = {{"pipelineName", call.parameter("name")},
                {"filter", {{"pipelineExecutionId", call.parameter("id")}}}};
  if (!call.read_paging(kMaxPage, input)) return;
  call.run(aws_api::list_action_executions, std::move(input), [](json body) {
    body = rename_next_token(std::move(body));
    body["actionExecutions"] = std::move(body["actionExecutionDetails"]);
    body.erase("actionExecutionDetails");
    return body;
  });
}

}  // namespace lockstep::server::api_v1

// GetPipelineExecution, ListPipelineExecutions and ListActionExecutions read storage, which keeps
// every execution (the engine's memory keeps only the latest), on the read connections.
#include <map>
#include <set>

#include "engine/api_errors.hpp"
#include "server/aws_api/api_json.hpp"
#include "server/aws_api/aws_call.hpp"
#include "server/aws_api/paging_token.hpp"

namespace lockstep::server::aws_api {
namespace {

using nlohmann::json;

constexpr std::size_t kDefaultPage = 100;

// The current version of the pipeline; answers PipelineNotFoundException when there is none.
std::optional<engine::StoredPipeline> pipeline_or_fail(const AwsCall& call,
                                                       const std::string& name) {
  auto stored = call.deps().pipelines.get_pipeline(name);
  if (!stored) {
    call.fail(engine::api_error::kPipelineNotFound, "Pipeline with name " + name +
                                                        " does not exist in account " +
                                                        call.deps().settings.accountId + ".");
  }
  return stored;
}

void execution_not_found(const AwsCall& call, const std::string& id, const std::string& name) {
  call.fail(engine::api_error::kExecutionNotFound,
            "Pipeline execution " + id + " does not exist in pipeline " + name + ".");
}

std::optional<std::uint64_t> parse_position(const std::string& text) {
  if (text.empty() || text.size() > 19) return std::nullopt;
  std::uint64_t n = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return n;
}

// Declarations by version, read once per request.
class Versions {
 public:
  Versions(const engine::Store& store, std::string name) : store_(store), name_(std::move(name)) {}
  const engine::PipelineDeclaration* get(int version) {
    auto it = cache_.find(version);
    if (it == cache_.end()) {
      auto stored = store_.get_pipeline(name_, version);
      std::optional<engine::PipelineDeclaration> d;
      if (stored) d = std::move(stored->declaration);
      it = cache_.emplace(version, std::move(d)).first;
    }
    return it->second ? &*it->second : nullptr;
  }

 private:
  const engine::Store& store_;
  std::string name_;
  std::map<int, std::optional<engine::PipelineDeclaration>> cache_;
};

// An execution's attempts newest first; with `latest_only`, only each action's newest attempt.
std::vector<const engine::ActionExecution*> attempts_newest_first(
    const engine::PipelineExecution& e, bool latest_only) {
  std::vector<const engine::ActionExecution*> out;
  std::set<std::pair<std::string, std::string>> seen;
  for (auto it = e.actionExecutions.rbegin(); it != e.actionExecutions.rend(); ++it) {
    if (latest_only && !seen.insert({it->stageName, it->actionName}).second) continue;
    out.push_back(&*it);
  }
  return out;
}

}  // namespace

void get_pipeline_execution(const AwsCall& call) {
  InputReader reader(call.input);
  auto name = reader.string("pipelineName", name_rule());
  auto id = reader.string("pipelineExecutionId", execution_id_rule());
  if (call.refused(reader)) return;
  if (!pipeline_or_fail(call, *name)) return;
  auto execution = call.deps().executions.find(*name, *id);
  if (!execution) {
    execution_not_found(call, *id, *name);
    return;
  }
  call.ok({{"pipelineExecution", execution_json(*execution)}});
}

void list_pipeline_executions(const AwsCall& call) {
  InputReader reader(call.input);
  auto name = reader.string("pipelineName", name_rule());
  auto max = reader.integer("maxResults", 1, 100);
  auto next = reader.string("nextToken", {false, 1, 2048});
  std::optional<std::string> stage;
  if (auto filter = reader.object("filter")) {
    if (auto succeeded = filter->object("succeededInStage")) {
      stage = succeeded->string("stageName", name_rule(false));
    }
  }
  if (call.refused(reader)) return;
  auto pipeline = pipeline_or_fail(call, *name);
  if (!pipeline) return;

  const std::string scope = "executions:" + *name + ":" + stage.value_or("");
  std::optional<std::uint64_t> from;
  if (next) {
    auto position = read_paging_token(*next, scope);
    if (position) from = parse_position(*position);
    if (!from) {
      call.fail("InvalidNextTokenException", "The next token is not valid.");
      return;
    }
  }
  std::optional<storage::SucceededInStage> filter;
  if (stage) filter = storage::SucceededInStage{*stage, pipeline->declaration.version};
  const std::size_t limit = max ? static_cast<std::size_t>(*max) : kDefaultPage;
  const storage::ExecutionPage page = call.deps().executions.list(*name, from, limit, filter);
  json summaries = json::array();
  for (const auto& e : page.executions) summaries.push_back(execution_summary_json(*e));
  json body = {{"pipelineExecutionSummaries", std::move(summaries)}};
  if (page.next) body["nextToken"] = make_paging_token(scope, std::to_string(*page.next));
  call.ok(body);
}

void list_action_executions(const AwsCall& call) {
  InputReader reader(call.input);
  auto name = reader.string("pipelineName", name_rule());
  auto max = reader.integer("maxResults", 1, 100);
  auto next = reader.string("nextToken", {false, 1, 2048});
  std::optional<std::string> execution_id;
  bool latest_only = false;
  if (auto filter = reader.object("filter")) {
    execution_id = filter->string("pipelineExecutionId", execution_id_rule(false));
    if (auto latest = filter->object("latestInPipelineExecution")) {
      auto id = latest->string("pipelineExecutionId", execution_id_rule());
      auto range = latest->enumeration("startTimeRange", {"Latest", "All"}, true);
      if (id && execution_id && *id != *execution_id) {
        reader.violation(
            "filter.pipelineExecutionId and "
            "filter.latestInPipelineExecution.pipelineExecutionId must be equal");
      }
      if (id) execution_id = id;
      latest_only = range && *range == "Latest";
    }
  }
  if (call.refused(reader)) return;
  if (!pipeline_or_fail(call, *name)) return;

  // Position: "<sequence>:<attempts of that execution already listed>".
  const std::string scope =
      "actions:" + *name + ":" + execution_id.value_or("") + (latest_only ? ":latest" : "");
  std::optional<std::uint64_t> from;
  std::size_t skip = 0;
  if (next) {
    auto position = read_paging_token(*next, scope);
    const auto colon = position ? position->find(':') : std::string::npos;
    if (colon != std::string::npos) {
      from = parse_position(position->substr(0, colon));
      auto skipped = parse_position(position->substr(colon + 1));
      if (skipped) skip = static_cast<std::size_t>(*skipped);
      if (!skipped) from.reset();
    }
    if (!from) {
      call.fail("InvalidNextTokenException", "The next token is not valid.");
      return;
    }
  }

  const std::size_t limit = max ? static_cast<std::size_t>(*max) : kDefaultPage;
  Versions versions(call.deps().pipelines, *name);
  json details = json::array();
  json body = json::object();
  auto emit = [&](const engine::PipelineExecution& e, std::size_t first) -> bool {
    const auto attempts = attempts_newest_first(e, latest_only);
    for (std::size_t i = first; i < attempts.size(); ++i) {
      if (details.size() == limit) {
        body["nextToken"] =
            make_paging_token(scope, std::to_string(e.sequence) + ":" + std::to_string(i));
        return false;
      }
      details.push_back(
          action_execution_detail_json(e, *attempts[i], versions.get(e.pipelineVersion)));
    }
    return true;
  };

  if (execution_id) {
    auto e = call.deps().executions.find(*name, *execution_id);
    if (!e) {
      execution_not_found(call, *execution_id, *name);
      return;
    }
    emit(*e, skip);
  } else {
    // Executions in pages, newest first, until the page of attempts is full.
    std::optional<std::uint64_t> cursor = from;
    bool first = true;
    for (;;) {
      const storage::ExecutionPage page = call.deps().executions.list(*name, cursor, 20);
      bool more = true;
      for (const auto& e : page.executions) {
        const std::size_t start = first && from && e->sequence == *from ? skip : 0;
        first = false;
        if (!emit(*e, start)) {
          more = false;
          break;
        }
      }
      if (!more || !page.next) break;
      cursor = page.next;
    }
  }
  body["actionExecutionDetails"] = std::move(details);
  call.ok(body);
}

}  // namespace lockstep::server::aws_api

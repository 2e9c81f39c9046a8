// GetPipeline, ListPipelines and GetPipelineState. Declarations come from storage; the live state
// of stages from the engine's memory, read on its strand and copied out.
#include <boost/asio/post.hpp>

#include <cstdint>

#include "engine/api_errors.hpp"
#include "engine/pipeline_json.hpp"
#include "engine/pipeline_state_view.hpp"
#include "server/aws_api/api_json.hpp"
#include "server/aws_api/aws_call.hpp"
#include "server/aws_api/paging_token.hpp"

namespace lockstep::server::aws_api {
namespace {

using nlohmann::json;

void pipeline_not_found(const AwsCall& call, const std::string& name) {
  call.fail(engine::api_error::kPipelineNotFound, "Pipeline with name " + name +
                                                      " does not exist in account " +
                                                      call.deps().settings.accountId + ".");
}

json action_state_json(const engine::ActionStateView& view) {
  json out = {{"actionName", view.actionName}};
  if (view.currentRevision) {
    out["currentRevision"] = {{"revisionId", view.currentRevision->revisionId},
                              {"revisionChangeId", view.currentRevision->revisionChangeId},
                              {"created", timestamp(view.currentRevision->created)}};
  }
  if (!view.latestExecution) return out;
  const auto& a = *view.latestExecution;
  json e = {{"actionExecutionId", a.actionExecutionId},
            {"status", engine::to_string(a.status)},
            {"lastStatusChange", timestamp(a.lastStatusChange)}};
  if (!a.summary.empty()) e["summary"] = a.summary;
  if (!a.token.empty()) e["token"] = a.token;
  if (!a.updatedBy.empty()) e["lastUpdatedBy"] = a.updatedBy;
  if (!a.externalExecutionId.empty()) e["externalExecutionId"] = a.externalExecutionId;
  if (!a.externalExecutionUrl.empty()) e["externalExecutionUrl"] = a.externalExecutionUrl;
  if (a.errorDetails) {
    json error = json::object();
    if (!a.errorDetails->code.empty()) error["code"] = a.errorDetails->code;
    if (!a.errorDetails->message.empty()) error["message"] = a.errorDetails->message;
    e["errorDetails"] = std::move(error);
  }
  out["latestExecution"] = std::move(e);
  return out;
}

// StageConditionState: the condition's overall status and, inside, its rules.
json condition_state_json(const engine::ConditionStateView& c) {
  json overall = {{"status", engine::to_string(c.status)}};
  if (!c.summary.empty()) overall["summary"] = c.summary;
  json execution = overall;
  execution["lastStatusChange"] = timestamp(c.lastStatusChange);
  json rules = json::array();
  for (const auto& r : c.ruleStates) {
    json latest = {{"ruleExecutionId", r.ruleExecutionId},
                   {"status", engine::to_string(r.status)},
                   {"lastStatusChange", timestamp(r.lastStatusChange)}};
    if (!r.summary.empty()) latest["summary"] = r.summary;
    rules.push_back({{"ruleName", r.ruleName}, {"latestExecution", std::move(latest)}});
  }
  return {{"latestExecution", std::move(overall)},
          {"conditionStates",
           json::array({{{"latestExecution", std::move(execution)}, {"ruleStates", rules}}})}};
}

const char* condition_state_field(engine::ConditionType type) {
  switch (type) {
    case engine::ConditionType::BeforeEntry:
      return "beforeEntryConditionState";
    case engine::ConditionType::OnSuccess:
      return "onSuccessConditionState";
    case engine::ConditionType::OnFailure:
      return "onFailureConditionState";
  }
  return "beforeEntryConditionState";
}

json stage_state_json(const engine::StageStateView& view) {
  json out = {{"stageName", view.stageName}};
  const engine::TransitionState& t = view.inboundTransitionState;
  json transition = {{"enabled", t.enabled}};
  if (!t.lastChangedBy.empty()) transition["lastChangedBy"] = t.lastChangedBy;
  if (t.lastChangedAt != 0) transition["lastChangedAt"] = timestamp(t.lastChangedAt);
  if (!t.enabled && !t.disabledReason.empty()) transition["disabledReason"] = t.disabledReason;
  out["inboundTransitionState"] = std::move(transition);
  if (!view.inboundExecutions.empty()) {
    json inbound = json::array();
    for (const auto& i : view.inboundExecutions) {
      inbound.push_back({{"pipelineExecutionId", i.pipelineExecutionId},
                         {"status", engine::to_string(i.status)}});
    }
    out["inboundExecution"] = inbound.front();
    out["inboundExecutions"] = std::move(inbound);
  }
  json actions = json::array();
  for (const auto& a : view.actionStates) actions.push_back(action_state_json(a));
  out["actionStates"] = std::move(actions);
  if (view.latestExecution) {
    out["latestExecution"] = {{"pipelineExecutionId", view.latestExecution->pipelineExecutionId},
                              {"status", engine::to_string(view.latestExecution->status)},
                              {"type", engine::to_string(view.latestExecution->type)}};
  }
  if (view.condition) {
    out[condition_state_field(view.condition->conditionType)] =
        condition_state_json(*view.condition);
  }
  if (const auto& retry = view.retryStageMetadata) {
    json metadata = json::object();
    if (retry->autoStageRetryAttempt > 0) {
      metadata["autoStageRetryAttempt"] = retry->autoStageRetryAttempt;
    }
    if (retry->manualStageRetryAttempt > 0) {
      metadata["manualStageRetryAttempt"] = retry->manualStageRetryAttempt;
    }
    if (retry->latestRetryTrigger) {
      metadata["latestRetryTrigger"] = engine::to_string(*retry->latestRetryTrigger);
    }
    out["retryStageMetadata"] = std::move(metadata);
  }
  return out;
}

}  // namespace

void get_pipeline(const AwsCall& call) {
  InputReader reader(call.input);
  auto name = reader.string("name", name_rule());
  auto version = reader.integer("version", 1, INT32_MAX);
  if (call.refused(reader)) return;

  const AwsApiDeps& deps = call.deps();
  std::optional<int> wanted;
  if (version) wanted = static_cast<int>(*version);
  auto stored = deps.pipelines.get_pipeline(*name, wanted);
  if (!stored) {
    if (wanted && deps.pipelines.get_pipeline(*name)) {
      call.fail("PipelineVersionNotFoundException",
                "Pipeline " + *name + " has no version " + std::to_string(*wanted) + ".");
    } else {
      pipeline_not_found(call, *name);
    }
    return;
  }
  // Metadata describes the pipeline as it is now, whichever version was asked for.
  auto current = wanted ? deps.pipelines.get_pipeline(*name) : stored;
  call.ok({{"pipeline", engine::to_json(stored->declaration)},
           {"metadata", pipeline_metadata(current ? *current : *stored, deps.settings.region,
                                          deps.settings.accountId)}});
}

void list_pipelines(const AwsCall& call) {
  InputReader reader(call.input);
  auto next = reader.string("nextToken", {false, 1, 2048});
  auto max = reader.integer("maxResults", 1, 1000);
  if (call.refused(reader)) return;

  std::string after;
  if (next) {
    auto position = read_paging_token(*next, "pipelines");
    if (!position) {
      call.fail("InvalidNextTokenException", "The next token is not valid.");
      return;
    }
    after = *position;
  }
  const std::size_t limit = max ? static_cast<std::size_t>(*max) : 100;
  json pipelines = json::array();
  json body = json::object();
  for (const engine::PipelineSummary& s : call.deps().pipelines.list_pipelines()) {
    if (next && s.name <= after) continue;
    if (pipelines.size() == limit) {
      body["nextToken"] =
          make_paging_token("pipelines", pipelines.back()["name"].get<std::string>());
      break;
    }
    pipelines.push_back({{"name", s.name},
                         {"version", s.version},
                         {"pipelineType", engine::to_string(s.pipelineType)},
                         {"executionMode", engine::to_string(s.executionMode)},
                         {"created", timestamp(s.created)},
                         {"updated", timestamp(s.updated)}});
  }
  body["pipelines"] = std::move(pipelines);
  call.ok(body);
}

void get_pipeline_state(const AwsCall& call) {
  InputReader reader(call.input);
  auto name = reader.string("name", name_rule());
  if (call.refused(reader)) return;

  auto stored = call.deps().pipelines.get_pipeline(*name);
  if (!stored) {
    pipeline_not_found(call, *name);
    return;
  }
  // Only the copy of the state is made on the orchestrator's strand; the answer is built on an
  // I/O thread, so that readers neither queue behind each other there nor hold the engine up.
  call.deps().orchestrator.inspect([call, name = *name, created = stored->created,
                                    updated = stored->updated](const engine::EngineState& state) {
    auto it = state.pipelines.find(name);
    if (it == state.pipelines.end()) {
      pipeline_not_found(call, name);
      return;
    }
    boost::asio::post(call.deps().io,
                      [call, name, created, updated, version = it->second.declaration.version,
                       views = engine::pipeline_state_view(it->second)] {
                        json stages = json::array();
                        for (const auto& view : views) stages.push_back(stage_state_json(view));
                        call.ok({{"pipelineName", name},
                                 {"pipelineVersion", version},
                                 {"stageStates", std::move(stages)},
                                 {"created", timestamp(created)},
                                 {"updated", timestamp(updated)}});
                      });
  });
}

}  // namespace lockstep::server::aws_api

#include "server/aws_api/api_json.hpp"

namespace lockstep::server::aws_api {
namespace {

using nlohmann::json;

void put_if(json& out, const char* name, const std::string& value) {
  if (!value.empty()) out[name] = value;
}

json trigger_json(const engine::ExecutionTrigger& trigger) {
  json out = json::object();
  put_if(out, "triggerType", trigger.triggerType);
  put_if(out, "triggerDetail", trigger.triggerDetail);
  return out;
}

// The action that produced each source revision: artifacts carrying a revision id.
std::vector<std::pair<const engine::ArtifactInstance*, const engine::ActionExecution*>>
source_artifacts(const engine::PipelineExecution& e) {
  std::vector<std::pair<const engine::ArtifactInstance*, const engine::ActionExecution*>> out;
  for (const auto& [name, artifact] : e.artifacts) {
    if (artifact.revisionId.empty()) continue;
    const engine::ActionExecution* producer = nullptr;
    for (const engine::ActionExecution& a : e.actionExecutions) {
      if (a.actionExecutionId == artifact.producerActionExecutionId) producer = &a;
    }
    out.emplace_back(&artifact, producer);
  }
  return out;
}

void common_execution_fields(json& out, const engine::PipelineExecution& e) {
  out["pipelineExecutionId"] = e.pipelineExecutionId;
  out["status"] = engine::to_string(e.status);
  put_if(out, "statusSummary", e.statusSummary);
  out["trigger"] = trigger_json(e.trigger);
  out["executionMode"] = engine::to_string(e.executionMode);
  out["executionType"] = engine::to_string(e.executionType);
  if (!e.rollbackTargetPipelineExecutionId.empty()) {
    out["rollbackMetadata"] = {
        {"rollbackTargetPipelineExecutionId", e.rollbackTargetPipelineExecutionId}};
  }
}

json string_map(const std::map<std::string, std::string>& values) {
  json out = json::object();
  for (const auto& [k, v] : values) out[k] = v;
  return out;
}

json artifact_details(const std::vector<engine::ArtifactInstance>& artifacts) {
  json out = json::array();
  for (const auto& a : artifacts) out.push_back({{"name", a.name}});
  return out;
}

}  // namespace

json timestamp(engine::Timestamp milliseconds) {
  return static_cast<double>(milliseconds) / 1000.0;
}

json pipeline_metadata(const engine::StoredPipeline& stored, const std::string& region,
                       const std::string& accountId) {
  return {{"pipelineArn",
           "arn:aws:codepipeline:" + region + ":" + accountId + ":" + stored.declaration.name},
          {"created", timestamp(stored.created)},
          {"updated", timestamp(stored.updated)}};
}

json execution_json(const engine::PipelineExecution& e) {
  json out = json::object();
  out["pipelineName"] = e.pipelineName;
  out["pipelineVersion"] = e.pipelineVersion;
  common_execution_fields(out, e);
  json revisions = json::array();
  for (const auto& [artifact, producer] : source_artifacts(e)) {
    json r = {{"name", artifact->name}, {"revisionId", artifact->revisionId}};
    if (producer != nullptr) {
      put_if(r, "revisionSummary", producer->externalExecutionSummary);
      put_if(r, "revisionUrl", producer->externalExecutionUrl);
      r["created"] = timestamp(producer->lastUpdateTime);
    }
    revisions.push_back(std::move(r));
  }
  out["artifactRevisions"] = std::move(revisions);
  json variables = json::array();
  for (const auto& v : e.variables) {
    variables.push_back({{"name", v.name}, {"resolvedValue", v.resolvedValue}});
  }
  out["variables"] = std::move(variables);
  return out;
}

json execution_summary_json(const engine::PipelineExecution& e) {
  json out = json::object();
  common_execution_fields(out, e);
  out["startTime"] = timestamp(e.startTime);
  out["lastUpdateTime"] = timestamp(e.lastUpdateTime);
  json sources = json::array();
  for (const auto& [artifact, producer] : source_artifacts(e)) {
    json s = {{"actionName", producer != nullptr ? producer->actionName : artifact->name},
              {"revisionId", artifact->revisionId}};
    if (producer != nullptr) {
      put_if(s, "revisionSummary", producer->externalExecutionSummary);
      put_if(s, "revisionUrl", producer->externalExecutionUrl);
    }
    sources.push_back(std::move(s));
  }
  out["sourceRevisions"] = std::move(sources);
  if (e.stopReason) out["stopTrigger"] = {{"reason", *e.stopReason}};
  return out;
}

json action_execution_detail_json(const engine::PipelineExecution& e,
                                  const engine::ActionExecution& a,
                                  const engine::PipelineDeclaration* version) {
  json out = json::object();
  out["pipelineExecutionId"] = e.pipelineExecutionId;
  out["actionExecutionId"] = a.actionExecutionId;
  out["pipelineVersion"] = e.pipelineVersion;
  out["stageName"] = a.stageName;
  out["actionName"] = a.actionName;
  out["startTime"] = timestamp(a.startTime);
  out["lastUpdateTime"] = timestamp(a.lastUpdateTime);
  put_if(out, "updatedBy", a.updatedBy);
  out["status"] = engine::to_string(a.status);

  json input = json::object();
  const engine::ActionDeclaration* declared = nullptr;
  if (version != nullptr) {
    for (const auto& stage : version->stages) {
      if (stage.name != a.stageName) continue;
      for (const auto& action : stage.actions) {
        if (action.name == a.actionName) declared = &action;
      }
    }
  }
  if (declared != nullptr) {
    const auto& type = declared->actionTypeId;
    input["actionTypeId"] = {{"category", engine::to_string(type.category)},
                             {"owner", engine::to_string(type.owner)},
                             {"provider", type.provider},
                             {"version", type.version}};
    input["configuration"] = string_map(declared->configuration);
    put_if(input, "roleArn", declared->roleArn);
    put_if(input, "region", declared->region);
    put_if(input, "namespace", declared->namespace_);
  }
  input["resolvedConfiguration"] = string_map(a.resolvedConfiguration);
  input["inputArtifacts"] = artifact_details(a.inputArtifacts);
  out["input"] = std::move(input);

  json output = json::object();
  output["outputArtifacts"] = artifact_details(a.outputArtifacts);
  json result = json::object();
  // For approvals the token is the external id (SEMANTICS §11): PARALLEL pipelines need it here.
  put_if(result, "externalExecutionId",
         a.externalExecutionId.empty() ? a.token : a.externalExecutionId);
  put_if(result, "externalExecutionSummary",
         a.externalExecutionSummary.empty() ? a.summary : a.externalExecutionSummary);
  put_if(result, "externalExecutionUrl", a.externalExecutionUrl);
  if (a.errorDetails) {
    json error = json::object();
    put_if(error, "code", a.errorDetails->code);
    put_if(error, "message", a.errorDetails->message);
    result["errorDetails"] = std::move(error);
  }
  output["executionResult"] = std::move(result);
  output["outputVariables"] = string_map(a.outputVariables);
  out["output"] = std::move(output);
  return out;
}

}  // namespace lockstep::server::aws_api

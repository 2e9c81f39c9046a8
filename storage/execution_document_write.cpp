// Writing the execution documents: straight to text, leaving out members at their default.
#include <map>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "storage/document_enums.hpp"
#include "storage/execution_document.hpp"
#include "storage/json_writer.hpp"

namespace lockstep::storage {

namespace {

using namespace engine;

template <typename T>
const T& defaults() {
  static const T value{};
  return value;
}

// One overload per struct, declared before the templates below so that they find them.
void value(JsonWriter& w, const ExecutionTrigger& x);
void value(JsonWriter& w, const SourceRevision& x);
void value(JsonWriter& w, const ResolvedPipelineVariable& x);
void value(JsonWriter& w, const ArtifactInstance& x);
void value(JsonWriter& w, const ErrorDetails& x);
void value(JsonWriter& w, const ActionExecution& x);
void value(JsonWriter& w, const RuleExecution& x);
void value(JsonWriter& w, const ConditionExecution& x);
void value(JsonWriter& w, const StageExecution& x);
void value(JsonWriter& w, const TransitionState& x);
void value(JsonWriter& w, const ActionTypeId& x);
void value(JsonWriter& w, const OutputArtifact& x);
void value(JsonWriter& w, const EnvironmentVariable& x);
void value(JsonWriter& w, const ActionDeclaration& x);

void value(JsonWriter& w, const std::string& x) {
  w.string(x);
}
void value(JsonWriter& w, bool x) {
  w.boolean(x);
}
template <typename T>
requires(std::is_integral_v<T> && !std::is_same_v<T, bool>) void value(JsonWriter& w, T x) {
  w.number(x);
}
template <typename E>
requires std::is_enum_v<E>
void value(JsonWriter& w, E x) {
  w.string(document::spell(x));
}
template <typename T>
void value(JsonWriter& w, const std::optional<T>& x) {
  // Absent is every optional's default, so null is written only if that ever changes.
  if (x) {
    value(w, *x);
  } else {
    w.null();
  }
}
template <typename T>
void value(JsonWriter& w, const std::vector<T>& x) {
  w.begin_array();
  for (const T& item : x) value(w, item);
  w.end_array();
}
template <typename T>
void value(JsonWriter& w, const std::map<std::string, T>& x) {
  w.begin_object();
  for (const auto& [k, v] : x) {
    w.key(k);
    value(w, v);
  }
  w.end_object();
}

// A member, unless it holds the field's default value.
template <typename T>
void member(JsonWriter& w, const char* key, const T& x, const T& default_value) {
  if (x == default_value) return;
  w.plain_key(key);
  value(w, x);
}

void value(JsonWriter& w, const ExecutionTrigger& x) {
  const auto& d = defaults<ExecutionTrigger>();
  w.begin_object();
  member(w, "type", x.triggerType, d.triggerType);
  member(w, "detail", x.triggerDetail, d.triggerDetail);
  w.end_object();
}

void value(JsonWriter& w, const SourceRevision& x) {
  const auto& d = defaults<SourceRevision>();
  w.begin_object();
  member(w, "action", x.actionName, d.actionName);
  member(w, "type", x.revisionType, d.revisionType);
  member(w, "value", x.revisionValue, d.revisionValue);
  w.end_object();
}

void value(JsonWriter& w, const ResolvedPipelineVariable& x) {
  const auto& d = defaults<ResolvedPipelineVariable>();
  w.begin_object();
  member(w, "name", x.name, d.name);
  member(w, "value", x.resolvedValue, d.resolvedValue);
  w.end_object();
}

void value(JsonWriter& w, const ArtifactInstance& x) {
  const auto& d = defaults<ArtifactInstance>();
  w.begin_object();
  member(w, "name", x.name, d.name);
  member(w, "location", x.location, d.location);
  member(w, "revision", x.revisionId, d.revisionId);
  member(w, "producer", x.producerActionExecutionId, d.producerActionExecutionId);
  w.end_object();
}

void value(JsonWriter& w, const ErrorDetails& x) {
  const auto& d = defaults<ErrorDetails>();
  w.begin_object();
  member(w, "code", x.code, d.code);
  member(w, "message", x.message, d.message);
  w.end_object();
}

void attempt_members(JsonWriter& w, const ActionExecution& x, Columns columns) {
  const auto& d = defaults<ActionExecution>();
  w.begin_object();
  if (columns == Columns::Included) {
    member(w, "id", x.actionExecutionId, d.actionExecutionId);
    member(w, "stage", x.stageName, d.stageName);
    member(w, "action", x.actionName, d.actionName);
  }
  member(w, "index", x.actionIndex, d.actionIndex);
  if (columns == Columns::Included) {
    member(w, "status", x.status, d.status);
    member(w, "summary", x.summary, d.summary);
    member(w, "updatedBy", x.updatedBy, d.updatedBy);
    member(w, "start", x.startTime, d.startTime);
    member(w, "updated", x.lastUpdateTime, d.lastUpdateTime);
    member(w, "config", x.resolvedConfiguration, d.resolvedConfiguration);
  }
  member(w, "inputs", x.inputArtifacts, d.inputArtifacts);
  member(w, "outputs", x.outputArtifacts, d.outputArtifacts);
  if (columns == Columns::Included) {
    member(w, "outputVariables", x.outputVariables, d.outputVariables);
    member(w, "externalId", x.externalExecutionId, d.externalExecutionId);
    member(w, "externalUrl", x.externalExecutionUrl, d.externalExecutionUrl);
  }
  member(w, "externalSummary", x.externalExecutionSummary, d.externalExecutionSummary);
  if (columns == Columns::Included) member(w, "error", x.errorDetails, d.errorDetails);
  member(w, "token", x.token, d.token);
  member(w, "timer", x.timerId, d.timerId);
  member(w, "approvalAnswered", x.approvalAnswered, d.approvalAnswered);
  member(w, "timedOut", x.timedOut, d.timedOut);
  w.end_object();
}

void value(JsonWriter& w, const ActionExecution& x) {
  attempt_members(w, x, Columns::Included);
}

void value(JsonWriter& w, const RuleExecution& x) {
  const auto& d = defaults<RuleExecution>();
  w.begin_object();
  member(w, "id", x.ruleExecutionId, d.ruleExecutionId);
  member(w, "rule", x.ruleName, d.ruleName);
  member(w, "status", x.status, d.status);
  member(w, "summary", x.summary, d.summary);
  member(w, "config", x.resolvedConfiguration, d.resolvedConfiguration);
  member(w, "start", x.startTime, d.startTime);
  member(w, "updated", x.lastUpdateTime, d.lastUpdateTime);
  member(w, "timer", x.timerId, d.timerId);
  w.end_object();
}

void value(JsonWriter& w, const ConditionExecution& x) {
  const auto& d = defaults<ConditionExecution>();
  w.begin_object();
  member(w, "type", x.conditionType, d.conditionType);
  member(w, "status", x.status, d.status);
  member(w, "result", x.result, d.result);
  member(w, "rules", x.rules, d.rules);
  member(w, "summary", x.summary, d.summary);
  w.end_object();
}

void value(JsonWriter& w, const StageExecution& x) {
  const auto& d = defaults<StageExecution>();
  w.begin_object();
  member(w, "stage", x.stageName, d.stageName);
  member(w, "entered", x.entered, d.entered);
  member(w, "status", x.status, d.status);
  member(w, "type", x.type, d.type);
  member(w, "latestAttempt", x.latestAttempt, d.latestAttempt);
  member(w, "autoRetries", x.autoStageRetryAttempt, d.autoStageRetryAttempt);
  member(w, "manualRetries", x.manualStageRetryAttempt, d.manualStageRetryAttempt);
  member(w, "retryTrigger", x.latestRetryTrigger, d.latestRetryTrigger);
  member(w, "retrying", x.retryInProgress, d.retryInProgress);
  member(w, "condition", x.condition, d.condition);
  member(w, "failedByOnSuccess", x.failedByOnSuccessCondition, d.failedByOnSuccessCondition);
  w.end_object();
}

void value(JsonWriter& w, const TransitionState& x) {
  const auto& d = defaults<TransitionState>();
  w.begin_object();
  member(w, "enabled", x.enabled, d.enabled);
  member(w, "reason", x.disabledReason, d.disabledReason);
  member(w, "by", x.lastChangedBy, d.lastChangedBy);
  member(w, "at", x.lastChangedAt, d.lastChangedAt);
  w.end_object();
}

void value(JsonWriter& w, const ActionTypeId& x) {
  const auto& d = defaults<ActionTypeId>();
  w.begin_object();
  member(w, "category", x.category, d.category);
  member(w, "owner", x.owner, d.owner);
  member(w, "provider", x.provider, d.provider);
  member(w, "version", x.version, d.version);
  w.end_object();
}

void value(JsonWriter& w, const OutputArtifact& x) {
  const auto& d = defaults<OutputArtifact>();
  w.begin_object();
  member(w, "name", x.name, d.name);
  member(w, "files", x.files, d.files);
  w.end_object();
}

void value(JsonWriter& w, const EnvironmentVariable& x) {
  const auto& d = defaults<EnvironmentVariable>();
  w.begin_object();
  member(w, "name", x.name, d.name);
  member(w, "value", x.value, d.value);
  member(w, "type", x.type, d.type);
  w.end_object();
}

void value(JsonWriter& w, const ActionDeclaration& x) {
  const auto& d = defaults<ActionDeclaration>();
  w.begin_object();
  member(w, "name", x.name, d.name);
  member(w, "typeId", x.actionTypeId, d.actionTypeId);
  member(w, "runOrder", x.runOrder, d.runOrder);
  member(w, "config", x.configuration, d.configuration);
  member(w, "commands", x.commands, d.commands);
  member(w, "inputs", x.inputArtifacts, d.inputArtifacts);
  member(w, "outputs", x.outputArtifacts, d.outputArtifacts);
  member(w, "outputVariables", x.outputVariables, d.outputVariables);
  member(w, "roleArn", x.roleArn, d.roleArn);
  member(w, "region", x.region, d.region);
  member(w, "namespace", x.namespace_, d.namespace_);
  member(w, "timeoutInMinutes", x.timeoutInMinutes, d.timeoutInMinutes);
  member(w, "env", x.environmentVariables, d.environmentVariables);
  w.end_object();
}

}  // namespace

std::string to_document(const PipelineExecution& x, Attempts attempts) {
  const auto& d = defaults<PipelineExecution>();
  std::string out;
  out.reserve(1024);
  JsonWriter w(out);
  w.begin_object();
  member(w, "id", x.pipelineExecutionId, d.pipelineExecutionId);
  member(w, "pipeline", x.pipelineName, d.pipelineName);
  member(w, "sequence", x.sequence, d.sequence);
  member(w, "version", x.pipelineVersion, d.pipelineVersion);
  member(w, "mode", x.executionMode, d.executionMode);
  member(w, "type", x.executionType, d.executionType);
  member(w, "rollbackTarget", x.rollbackTargetPipelineExecutionId,
         d.rollbackTargetPipelineExecutionId);
  member(w, "status", x.status, d.status);
  member(w, "summary", x.statusSummary, d.statusSummary);
  member(w, "trigger", x.trigger, d.trigger);
  member(w, "stopReason", x.stopReason, d.stopReason);
  member(w, "stopMode", x.stopMode, d.stopMode);
  member(w, "sourceRevisions", x.sourceRevisions, d.sourceRevisions);
  member(w, "variables", x.variables, d.variables);
  member(w, "start", x.startTime, d.startTime);
  member(w, "updated", x.lastUpdateTime, d.lastUpdateTime);
  member(w, "attempt", x.attempt, d.attempt);
  member(w, "position", x.position, d.position);
  member(w, "stageIndex", x.stageIndex, d.stageIndex);
  member(w, "lastStageIndex", x.lastStageIndex, d.lastStageIndex);
  member(w, "cancelPending", x.cancelPending, d.cancelPending);
  member(w, "stages", x.stageExecutions, d.stageExecutions);
  if (attempts == Attempts::Included) member(w, "actions", x.actionExecutions, d.actionExecutions);
  member(w, "artifacts", x.artifacts, d.artifacts);
  member(w, "namespaces", x.namespaceVariables, d.namespaceVariables);
  w.end_object();
  return out;
}

std::string to_document(const ActionExecution& x, Columns columns) {
  std::string out;
  out.reserve(256);
  JsonWriter w(out);
  attempt_members(w, x, columns);
  return out;
}

std::string to_document(const StageState& x) {
  const auto& d = defaults<StageState>();
  std::string out;
  JsonWriter w(out);
  w.begin_object();
  member(w, "stage", x.stageName, d.stageName);
  member(w, "lockHolder", x.lockHolder, d.lockHolder);
  member(w, "inbound", x.inboundExecutions, d.inboundExecutions);
  member(w, "held", x.heldExecutions, d.heldExecutions);
  member(w, "latest", x.latestExecutionId, d.latestExecutionId);
  member(w, "transition", x.inboundTransition, d.inboundTransition);
  w.end_object();
  return out;
}

std::string to_document(const PendingTimer& x) {
  const auto& d = defaults<PendingTimer>();
  std::string out;
  JsonWriter w(out);
  w.begin_object();
  member(w, "id", x.timerId, d.timerId);
  member(w, "kind", x.kind, d.kind);
  member(w, "fireAt", x.fireAt, d.fireAt);
  member(w, "pipeline", x.pipelineName, d.pipelineName);
  member(w, "execution", x.pipelineExecutionId, d.pipelineExecutionId);
  member(w, "actionExecution", x.actionExecutionId, d.actionExecutionId);
  member(w, "stage", x.stageName, d.stageName);
  member(w, "ruleExecution", x.ruleExecutionId, d.ruleExecutionId);
  w.end_object();
  return out;
}

std::string to_document(const StartAction& x) {
  const auto& d = defaults<StartAction>();
  std::string out;
  JsonWriter w(out);
  w.begin_object();
  member(w, "actionExecution", x.actionExecutionId, d.actionExecutionId);
  member(w, "pipeline", x.pipelineName, d.pipelineName);
  member(w, "version", x.pipelineVersion, d.pipelineVersion);
  member(w, "execution", x.pipelineExecutionId, d.pipelineExecutionId);
  member(w, "stage", x.stageName, d.stageName);
  member(w, "action", x.action, d.action);
  member(w, "config", x.resolvedConfiguration, d.resolvedConfiguration);
  member(w, "commands", x.resolvedCommands, d.resolvedCommands);
  member(w, "env", x.resolvedEnvironmentVariables, d.resolvedEnvironmentVariables);
  member(w, "inputs", x.inputArtifacts, d.inputArtifacts);
  member(w, "sourceRevisions", x.sourceRevisions, d.sourceRevisions);
  member(w, "approvalToken", x.approvalToken, d.approvalToken);
  member(w, "approvalExpiresAt", x.approvalExpiresAt, d.approvalExpiresAt);
  w.end_object();
  return out;
}

std::string to_document(const CancelAction& x) {
  const auto& d = defaults<CancelAction>();
  std::string out;
  JsonWriter w(out);
  w.begin_object();
  member(w, "actionExecution", x.actionExecutionId, d.actionExecutionId);
  member(w, "execution", x.pipelineExecutionId, d.pipelineExecutionId);
  member(w, "reason", x.reason, d.reason);
  w.end_object();
  return out;
}

std::string to_document(const IdSource& x) {
  std::string out;
  JsonWriter w(out);
  w.begin_object();
  w.plain_key("seed");
  w.number(x.seed);
  w.plain_key("counter");
  w.number(x.counter);
  w.end_object();
  return out;
}

std::string variables_json(const std::vector<ResolvedPipelineVariable>& variables) {
  std::string out;
  JsonWriter w(out);
  w.begin_array();
  for (const auto& v : variables) {
    w.begin_object();
    w.plain_key("name");
    w.string(v.name);
    w.plain_key("resolvedValue");
    w.string(v.resolvedValue);
    w.end_object();
  }
  w.end_array();
  return out;
}

std::string string_map_json(const std::map<std::string, std::string>& values) {
  std::string out;
  JsonWriter w(out);
  value(w, values);
  return out;
}

}  // namespace lockstep::storage

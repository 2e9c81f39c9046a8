// Reading the execution documents back: every member optional, every value checked, and a
// problem reported with the member's path so that a damaged row can be found.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "storage/document_enums.hpp"
#include "storage/execution_document.hpp"
#include "storage/storage_error.hpp"

namespace lockstep::storage {

namespace {

using namespace engine;
using nlohmann::json;

// Where a value sits in its document, e.g. stages[1].status; rendered only for an error.
struct Path {
  const Path* parent = nullptr;
  std::string_view key;  // a member name, or empty for an array element
  std::size_t index = 0;

  std::string str() const {
    if (parent == nullptr) return {};
    std::string out = parent->str();
    if (key.empty()) return out + "[" + std::to_string(index) + "]";
    return out.empty() ? std::string(key) : out + "." + std::string(key);
  }
};

[[noreturn]] void fail(const Path& path, const std::string& problem) {
  const std::string where = path.str();
  throw StorageError((where.empty() ? std::string("the document") : where) + ": " + problem);
}

void read(const json& j, const Path& path, ExecutionTrigger& out);
void read(const json& j, const Path& path, SourceRevision& out);
void read(const json& j, const Path& path, ResolvedPipelineVariable& out);
void read(const json& j, const Path& path, ArtifactInstance& out);
void read(const json& j, const Path& path, ErrorDetails& out);
void read(const json& j, const Path& path, ActionExecution& out);
void read(const json& j, const Path& path, RuleExecution& out);
void read(const json& j, const Path& path, ConditionExecution& out);
void read(const json& j, const Path& path, StageExecution& out);
void read(const json& j, const Path& path, TransitionState& out);
void read(const json& j, const Path& path, ActionTypeId& out);
void read(const json& j, const Path& path, OutputArtifact& out);
void read(const json& j, const Path& path, EnvironmentVariable& out);
void read(const json& j, const Path& path, ActionDeclaration& out);

void read(const json& j, const Path& path, std::string& out) {
  if (!j.is_string()) fail(path, "expected text, found " + std::string(j.type_name()));
  out = j.get_ref<const std::string&>();
}

void read(const json& j, const Path& path, bool& out) {
  if (!j.is_boolean()) fail(path, "expected true or false, found " + std::string(j.type_name()));
  out = j.get<bool>();
}

template <typename T>
requires(std::is_integral_v<T> && !std::is_same_v<T, bool>) void read(const json& j,
                                                                      const Path& path, T& out) {
  bool fits = false;
  if (j.is_number_unsigned()) {
    const auto v = j.get<std::uint64_t>();
    fits = std::in_range<T>(v);
    out = static_cast<T>(v);
  } else if (j.is_number_integer()) {
    const auto v = j.get<std::int64_t>();
    fits = std::in_range<T>(v);
    out = static_cast<T>(v);
  } else {
    fail(path, "expected an integer, found " + std::string(j.type_name()));
  }
  if (!fits) fail(path, "the number " + j.dump() + " is out of range");
}

template <typename E>
requires std::is_enum_v<E>
void read(const json& j, const Path& path, E& out) {
  if (!j.is_string()) fail(path, "expected text, found " + std::string(j.type_name()));
  const auto& text = j.get_ref<const std::string&>();
  const std::optional<E> value = document::parse<E>(text);
  if (!value) fail(path, "unknown value '" + text + "'");
  out = *value;
}

template <typename T>
void read(const json& j, const Path& path, std::optional<T>& out) {
  if (j.is_null()) {
    out.reset();
    return;
  }
  T value{};
  read(j, path, value);
  out = std::move(value);
}

template <typename T>
void read(const json& j, const Path& path, std::vector<T>& out) {
  if (!j.is_array()) fail(path, "expected an array, found " + std::string(j.type_name()));
  out.clear();
  out.reserve(j.size());
  for (std::size_t i = 0; i < j.size(); ++i) {
    T item{};
    read(j[i], Path{&path, {}, i}, item);
    out.push_back(std::move(item));
  }
}

template <typename T>
void read(const json& j, const Path& path, std::map<std::string, T>& out) {
  if (!j.is_object()) fail(path, "expected an object, found " + std::string(j.type_name()));
  out.clear();
  for (const auto& [key, v] : j.items()) {
    T item{};
    read(v, Path{&path, key, 0}, item);
    out.emplace(key, std::move(item));
  }
}

// The members of one object: each read when present, left at its default when absent.
class Members {
 public:
  Members(const json& j, const Path& path) : j_(j), path_(path) {
    if (!j.is_object()) fail(path, "expected an object, found " + std::string(j.type_name()));
  }

  template <typename T>
  const Members& operator()(const char* key, T& field) const {
    const auto it = j_.find(key);
    if (it != j_.end()) read(*it, Path{&path_, key, 0}, field);
    return *this;
  }

 private:
  const json& j_;
  const Path& path_;
};

void read(const json& j, const Path& path, ExecutionTrigger& out) {
  Members(j, path)("type", out.triggerType)("detail", out.triggerDetail);
}

void read(const json& j, const Path& path, SourceRevision& out) {
  Members(j, path)("action", out.actionName)("type", out.revisionType)("value", out.revisionValue);
}

void read(const json& j, const Path& path, ResolvedPipelineVariable& out) {
  Members(j, path)("name", out.name)("value", out.resolvedValue);
}

void read(const json& j, const Path& path, ArtifactInstance& out) {
  Members(j, path)("name", out.name)("location", out.location)("revision", out.revisionId)(
      "producer", out.producerActionExecutionId);
}

void read(const json& j, const Path& path, ErrorDetails& out) {
  Members(j, path)("code", out.code)("message", out.message);
}

void read(const json& j, const Path& path, ActionExecution& out) {
  const Members m(j, path);
  m("id", out.actionExecutionId)("stage", out.stageName)("action", out.actionName);
  m("index", out.actionIndex)("status", out.status)("summary", out.summary);
  m("updatedBy", out.updatedBy)("start", out.startTime)("updated", out.lastUpdateTime);
  m("config", out.resolvedConfiguration)("inputs", out.inputArtifacts);
  m("outputs", out.outputArtifacts)("outputVariables", out.outputVariables);
  m("externalId", out.externalExecutionId)("externalUrl", out.externalExecutionUrl);
  m("externalSummary", out.externalExecutionSummary)("error", out.errorDetails);
  m("token", out.token)("timer", out.timerId)("approvalAnswered", out.approvalAnswered);
  m("timedOut", out.timedOut);
}

void read(const json& j, const Path& path, RuleExecution& out) {
  const Members m(j, path);
  m("id", out.ruleExecutionId)("rule", out.ruleName)("status", out.status);
  m("summary", out.summary)("config", out.resolvedConfiguration)("start", out.startTime);
  m("updated", out.lastUpdateTime)("timer", out.timerId);
}

void read(const json& j, const Path& path, ConditionExecution& out) {
  const Members m(j, path);
  m("type", out.conditionType)("status", out.status)("result", out.result);
  m("rules", out.rules)("summary", out.summary);
}

void read(const json& j, const Path& path, StageExecution& out) {
  const Members m(j, path);
  m("stage", out.stageName)("entered", out.entered)("status", out.status)("type", out.type);
  m("latestAttempt", out.latestAttempt)("autoRetries", out.autoStageRetryAttempt);
  m("manualRetries", out.manualStageRetryAttempt)("retryTrigger", out.latestRetryTrigger);
  m("retrying", out.retryInProgress)("condition", out.condition);
  m("failedByOnSuccess", out.failedByOnSuccessCondition);
}

void read(const json& j, const Path& path, TransitionState& out) {
  Members(j, path)("enabled", out.enabled)("reason", out.disabledReason)("by", out.lastChangedBy)(
      "at", out.lastChangedAt);
}

void read(const json& j, const Path& path, ActionTypeId& out) {
  Members(j, path)("category", out.category)("owner", out.owner)("provider", out.provider)(
      "version", out.version);
}

void read(const json& j, const Path& path, OutputArtifact& out) {
  Members(j, path)("name", out.name)("files", out.files);
}

void read(const json& j, const Path& path, EnvironmentVariable& out) {
  Members(j, path)("name", out.name)("value", out.value)("type", out.type);
}

void read(const json& j, const Path& path, ActionDeclaration& out) {
  const Members m(j, path);
  m("name", out.name)("typeId", out.actionTypeId)("runOrder", out.runOrder);
  m("config", out.configuration)("commands", out.commands)("inputs", out.inputArtifacts);
  m("outputs", out.outputArtifacts)("outputVariables", out.outputVariables);
  m("roleArn", out.roleArn)("region", out.region)("namespace", out.namespace_);
  m("timeoutInMinutes", out.timeoutInMinutes)("env", out.environmentVariables);
}

}  // namespace

void from_json(const json& j, PipelineExecution& out) {
  out = {};
  const Path root;
  const Members m(j, root);
  m("id", out.pipelineExecutionId)("pipeline", out.pipelineName)("sequence", out.sequence);
  m("version", out.pipelineVersion)("mode", out.executionMode)("type", out.executionType);
  m("rollbackTarget", out.rollbackTargetPipelineExecutionId)("status", out.status);
  m("summary", out.statusSummary)("trigger", out.trigger)("stopReason", out.stopReason);
  m("stopMode", out.stopMode)("sourceRevisions", out.sourceRevisions);
  m("variables", out.variables)("start", out.startTime)("updated", out.lastUpdateTime);
  m("attempt", out.attempt)("position", out.position)("stageIndex", out.stageIndex);
  m("lastStageIndex", out.lastStageIndex)("cancelPending", out.cancelPending);
  m("stages", out.stageExecutions)("actions", out.actionExecutions);
  m("artifacts", out.artifacts)("namespaces", out.namespaceVariables);
}

void from_json(const json& j, ActionExecution& out) {
  out = {};
  read(j, Path(), out);
}

void from_json(const json& j, StageState& out) {
  out = {};
  const Path root;
  const Members m(j, root);
  m("stage", out.stageName)("lockHolder", out.lockHolder)("inbound", out.inboundExecutions);
  m("held", out.heldExecutions)("latest", out.latestExecutionId);
  m("transition", out.inboundTransition);
}

void from_json(const json& j, PendingTimer& out) {
  out = {};
  const Path root;
  const Members m(j, root);
  m("id", out.timerId)("kind", out.kind)("fireAt", out.fireAt)("pipeline", out.pipelineName);
  m("execution", out.pipelineExecutionId)("actionExecution", out.actionExecutionId);
  m("stage", out.stageName)("ruleExecution", out.ruleExecutionId);
}

void from_json(const json& j, StartAction& out) {
  out = {};
  const Path root;
  const Members m(j, root);
  m("actionExecution", out.actionExecutionId)("pipeline", out.pipelineName);
  m("version", out.pipelineVersion)("execution", out.pipelineExecutionId);
  m("stage", out.stageName)("action", out.action)("config", out.resolvedConfiguration);
  m("commands", out.resolvedCommands)("env", out.resolvedEnvironmentVariables);
  m("inputs", out.inputArtifacts)("sourceRevisions", out.sourceRevisions);
  m("approvalToken", out.approvalToken)("approvalExpiresAt", out.approvalExpiresAt);
}

void from_json(const json& j, CancelAction& out) {
  out = {};
  const Path root;
  Members(j, root)("actionExecution", out.actionExecutionId)("execution", out.pipelineExecutionId)(
      "reason", out.reason);
}

void from_json(const json& j, IdSource& out) {
  out = {};
  const Path root;
  Members(j, root)("seed", out.seed)("counter", out.counter);
}

template <typename T>
T from_document(std::string_view text, std::string_view what) {
  json parsed;
  try {
    parsed = json::parse(text);
  } catch (const json::exception& error) {
    throw StorageError("the stored " + std::string(what) + " is not JSON (" + error.what() + ")");
  }
  T out;
  try {
    from_json(parsed, out);
  } catch (const StorageError& error) {
    throw StorageError("the stored " + std::string(what) + " cannot be read: " + error.what());
  }
  return out;
}

template PipelineExecution from_document(std::string_view, std::string_view);
template ActionExecution from_document(std::string_view, std::string_view);
template StageState from_document(std::string_view, std::string_view);
template PendingTimer from_document(std::string_view, std::string_view);
template StartAction from_document(std::string_view, std::string_view);
template CancelAction from_document(std::string_view, std::string_view);
template IdSource from_document(std::string_view, std::string_view);

}  // namespace lockstep::storage

// Operations that change executions: each becomes one engine command, answered from the decision
// once its batch has committed (never by blocking an I/O thread on the engine).
#include "engine/commands.hpp"
#include "server/aws_api/api_json.hpp"
#include "server/aws_api/aws_call.hpp"

namespace lockstep::server::aws_api {
namespace {

using nlohmann::json;

// Submits `command`; answers with `body(decision)` when accepted, the rejection otherwise.
template <typename Body>
void submit(const AwsCall& call, engine::Command command, Body body) {
  call.deps().orchestrator.submit(std::move(command),
                                  [call, body = std::move(body)](const engine::Decision& d) {
                                    if (!call.refused(d)) call.ok(body(d));
                                  });
}

json execution_id(const engine::Decision& d) {
  return {{"pipelineExecutionId", d.pipelineExecutionId}};
}

json empty(const engine::Decision&) {
  return json::object();
}

}  // namespace

void start_pipeline_execution(const AwsCall& call) {
  InputReader reader(call.input);
  engine::StartExecution start;
  auto name = reader.string("name", name_rule());
  auto token = reader.string("clientRequestToken", {false, 1, 128, &patterns::kClientToken});
  if (const auto* variables = reader.list("variables", 1, 50)) {
    for (std::size_t i = 0; i < variables->size(); ++i) {
      InputReader v = reader.element((*variables)[i], "variables", i);
      auto vname = v.string("name", {true, 1, 128, &patterns::kVariableName});
      auto value = v.string("value", {true, 1, 1000});
      if (vname && value) start.variables.push_back({*vname, *value});
    }
  }
  if (const auto* revisions = reader.list("sourceRevisions", 0, 50)) {
    for (std::size_t i = 0; i < revisions->size(); ++i) {
      InputReader r = reader.element((*revisions)[i], "sourceRevisions", i);
      auto action = r.string("actionName", name_rule());
      auto type = r.enumeration(
          "revisionType", {"COMMIT_ID", "IMAGE_DIGEST", "S3_OBJECT_VERSION_ID", "S3_OBJECT_KEY"},
          true);
      auto value = r.string("revisionValue", {true, 1, 1500});
      if (action && type && value) start.sourceRevisions.push_back({*action, *type, *value});
    }
  }
  if (call.refused(reader)) return;
  start.pipelineName = *name;
  start.clientRequestToken = token.value_or("");
  start.trigger = {"StartPipelineExecution", call.caller};
  submit(call, std::move(start), execution_id);
}

void stop_pipeline_execution(const AwsCall& call) {
  InputReader reader(call.input);
  auto name = reader.string("pipelineName", name_rule());
  auto id = reader.string("pipelineExecutionId", execution_id_rule());
  auto abandon = reader.boolean("abandon");
  auto reason = reader.string("reason", {false, 0, 200});
  if (call.refused(reader)) return;
  submit(call, engine::StopExecution{*name, *id, abandon.value_or(false), reason.value_or("")},
         execution_id);
}

void retry_stage_execution(const AwsCall& call) {
  InputReader reader(call.input);
  auto name = reader.string("pipelineName", name_rule());
  auto stage = reader.string("stageName", name_rule());
  auto id = reader.string("pipelineExecutionId", execution_id_rule());
  auto mode = reader.enumeration("retryMode", {"FAILED_ACTIONS", "ALL_ACTIONS"}, true);
  if (call.refused(reader)) return;
  const auto retry_mode = *mode == "ALL_ACTIONS" ? engine::StageRetryMode::AllActions
                                                 : engine::StageRetryMode::FailedActions;
  submit(call, engine::RetryStage{*name, *stage, *id, retry_mode}, execution_id);
}

void rollback_stage(const AwsCall& call) {
  InputReader reader(call.input);
  auto name = reader.string("pipelineName", name_rule());
  auto stage = reader.string("stageName", name_rule());
  auto target = reader.string("targetPipelineExecutionId", execution_id_rule());
  if (call.refused(reader)) return;
  submit(call, engine::RollbackStage{*name, *stage, *target, {}}, execution_id);
}

void override_stage_condition(const AwsCall& call) {
  InputReader reader(call.input);
  auto name = reader.string("pipelineName", name_rule());
  auto stage = reader.string("stageName", name_rule());
  auto id = reader.string("pipelineExecutionId", execution_id_rule());
  auto type = reader.enumeration("conditionType", {"BEFORE_ENTRY", "ON_SUCCESS"}, true);
  if (call.refused(reader)) return;
  const auto condition =
      *type == "ON_SUCCESS" ? engine::ConditionType::OnSuccess : engine::ConditionType::BeforeEntry;
  submit(call, engine::OverrideStageCondition{*name, *stage, *id, condition}, empty);
}

void put_approval_result(const AwsCall& call) {
  InputReader reader(call.input);
  auto name = reader.string("pipelineName", name_rule());
  auto stage = reader.string("stageName", name_rule());
  auto action = reader.string("actionName", name_rule());
  auto token = reader.string("token", execution_id_rule());
  std::optional<std::string> summary, status;
  if (auto result = reader.object("result", true)) {
    summary = result->string("summary", {true, 0, 512});
    status = result->enumeration("status", {"Approved", "Rejected"}, true);
  }
  if (call.refused(reader)) return;
  engine::ApprovalResult approval;
  approval.pipelineName = *name;
  approval.stageName = *stage;
  approval.actionName = *action;
  approval.token = *token;
  approval.status =
      *status == "Approved" ? engine::ApprovalStatus::Approved : engine::ApprovalStatus::Rejected;
  approval.summary = *summary;
  approval.updatedBy = call.caller;
  const engine::Timestamp now = call.deps().clock.now();
  submit(call, std::move(approval), [now](const engine::Decision& d) {
    return json{{"approvedAt", timestamp(d.approvedAt.value_or(now))}};
  });
}

namespace {

std::optional<engine::TransitionType> transition_type(InputReader& reader) {
  auto type = reader.enumeration("transitionType", {"Inbound", "Outbound"}, true);
  if (!type) return std::nullopt;
  return *type == "Outbound" ? engine::TransitionType::Outbound : engine::TransitionType::Inbound;
}

}  // namespace

void enable_stage_transition(const AwsCall& call) {
  InputReader reader(call.input);
  auto name = reader.string("pipelineName", name_rule());
  auto stage = reader.string("stageName", name_rule());
  auto type = transition_type(reader);
  if (call.refused(reader)) return;
  submit(call, engine::EnableTransition{*name, *stage, *type, call.caller}, empty);
}

void disable_stage_transition(const AwsCall& call) {
  InputReader reader(call.input);
  auto name = reader.string("pipelineName", name_rule());
  auto stage = reader.string("stageName", name_rule());
  auto type = transition_type(reader);
  auto reason = reader.string("reason", {true, 1, 300, &patterns::kDisabledReason});
  if (call.refused(reader)) return;
  submit(call, engine::DisableTransition{*name, *stage, *type, *reason, call.caller}, empty);
}

}  // namespace lockstep::server::aws_api

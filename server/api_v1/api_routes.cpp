#include "server/api_v1/api_routes.hpp"

#include <array>

#include "server/api_v1/handlers.hpp"

namespace lockstep::server::api_v1 {
namespace {

using http::verb;
constexpr auto kNone = RequestBody::None;
constexpr auto kJson = RequestBody::Json;
constexpr auto kDeclaration = RequestBody::Declaration;

const std::array<ApiRoute, 20> kRoutes{{
    {verb::get, "/api/v1/pipelines", Role::Viewer, "listPipelines", "Pipelines by name, in pages",
     kNone, "", Answer::Json, "PipelineList", "limit,next", list_pipelines},
    {verb::post, "/api/v1/pipelines", Role::Admin, "createPipeline",
     "Creates a pipeline from its declaration (JSON or YAML) and starts its first execution",
     kDeclaration, "", Answer::Json, "Pipeline", "", create_pipeline},
    {verb::get, "/api/v1/pipelines/{name}", Role::Viewer, "getPipeline",
     "A pipeline's declaration and metadata", kNone, "", Answer::Json, "Pipeline", "version",
     get_pipeline},
    {verb::put, "/api/v1/pipelines/{name}", Role::Admin, "updatePipeline",
     "Stores a new version of the pipeline's declaration (JSON or YAML)", kDeclaration, "",
     Answer::Json, "Pipeline", "", update_pipeline},
    {verb::delete_, "/api/v1/pipelines/{name}", Role::Admin, "deletePipeline",
     "Deletes a pipeline with its executions", kNone, "", Answer::Json, "Empty", "",
     delete_pipeline},
    {verb::post, "/api/v1/validate", Role::Viewer, "validatePipeline",
     "Checks a declaration without storing it and reports every problem with its path and line",
     kDeclaration, "", Answer::Json, "Validation", "", validate_pipeline},
    {verb::get, "/api/v1/pipelines/{name}/state", Role::Viewer, "getPipelineState",
     "The state of every stage and action, as GetPipelineState reports it", kNone, "", Answer::Json,
     "PipelineState", "", get_pipeline_state},
    {verb::get, "/api/v1/pipelines/{name}/executions", Role::Viewer, "listExecutions",
     "Executions newest first, filtered and in pages", kNone, "", Answer::Json, "ExecutionList",
     "status,trigger,since,until,limit,next", list_executions},
    {verb::post, "/api/v1/pipelines/{name}/executions", Role::Operator, "startExecution",
     "Starts an execution with pipeline variables", kJson, "StartExecution", Answer::Json,
     "ExecutionId", "", start_execution},
    {verb::get, "/api/v1/pipelines/{name}/executions/{id}", Role::Viewer, "getExecution",
     "One execution", kNone, "", Answer::Json, "Execution", "", get_execution},
    {verb::post, "/api/v1/pipelines/{name}/executions/{id}/stop", Role::Operator, "stopExecution",
     "Stops an execution, waiting for its actions or abandoning them", kJson, "StopExecution",
     Answer::Json, "ExecutionId", "", stop_execution},
    {verb::post, "/api/v1/pipelines/{name}/executions/{id}/stages/{stage}/retry", Role::Operator,
     "retryStage", "Retries a failed stage of the latest execution", kJson, "RetryStage",
     Answer::Json, "ExecutionId", "", retry_stage},
    {verb::get, "/api/v1/pipelines/{name}/executions/{id}/actions", Role::Viewer,
     "listActionExecutions", "Every action attempt of an execution, newest first", kNone, "",
     Answer::Json, "ActionExecutionList", "limit,next", list_action_executions},
    {verb::get, "/api/v1/pipelines/{name}/executions/{id}/actions/{actionExecutionId}/log",
     Role::Viewer, "getActionLog", "An action attempt's log as text; honours Range: bytes=", kNone,
     "", Answer::Text, "", "", get_action_log},
    {verb::get, "/api/v1/pipelines/{name}/executions/{id}/actions/{actionExecutionId}/log/stream",
     Role::Viewer, "streamActionLog",
     "An action attempt's log as it is written (Server-Sent Events)", kNone, "",
     Answer::EventStream, "", "", nullptr},
    {verb::post, "/api/v1/pipelines/{name}/stages/{stage}/transitions/{direction}", Role::Operator,
     "changeTransition", "Enables or disables a stage's inbound or outbound transition", kJson,
     "Transition", Answer::Json, "Empty", "", change_transition},
    {verb::get, "/api/v1/approvals", Role::Viewer, "listApprovals",
     "Manual approvals waiting now, across pipelines; tokens are shown to operators", kNone, "",
     Answer::Json, "ApprovalList", "pipeline", list_approvals},
    {verb::post, "/api/v1/pipelines/{name}/stages/{stage}/actions/{action}/approval",
     Role::Operator, "putApprovalResult", "Approves or rejects a waiting manual approval", kJson,
     "ApprovalResult", Answer::Json, "ApprovalAnswer", "", put_approval_result},
    {verb::get, "/api/v1/events", Role::Viewer, "streamEvents",
     "State changes of executions, stages and actions as they happen (Server-Sent Events)", kNone,
     "", Answer::EventStream, "", "pipeline", nullptr},
    {verb::get, "/api/v1/openapi.json", Role::Viewer, "getOpenApi", "This document", kNone, "",
     Answer::Json, "Document", "", get_openapi},
}};

}  // namespace

std::span<const ApiRoute> api_v1_routes() {
  return kRoutes;
}

}  // namespace lockstep::server::api_v1

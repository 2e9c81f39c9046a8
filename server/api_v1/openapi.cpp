#include "server/api_v1/openapi.hpp"

#include <cctype>
#include <string>

#include "lockstep/version.hpp"
#include "server/api_v1/api_routes.hpp"
#include "server/api_v1/handlers.hpp"
#include "server/json_response.hpp"

namespace lockstep::server::api_v1 {
namespace {

using nlohmann::json;

json ref(std::string_view schema) {
  return {{"$ref", "#/components/schemas/" + std::string(schema)}};
}

json object(json properties, json required = json::array()) {
  json out = {{"type", "object"}, {"properties", std::move(properties)}};
  if (!required.empty()) out["required"] = std::move(required);
  return out;
}

json array_of(json items) {
  return {{"type", "array"}, {"items", std::move(items)}};
}

const json kString = {{"type", "string"}};
const json kBoolean = {{"type", "boolean"}};
const json kInteger = {{"type", "integer"}};
const json kObject = {{"type", "object"}};
// Timestamps are epoch seconds with milliseconds, as the CodePipeline API writes them.
const json kTime = {{"type", "number"}};

json schemas() {
  json s;
  s["Error"] =
      object({{"message", kString}, {"exception", kString}, {"problems", array_of(ref("Problem"))}},
             {"message", "exception"});
  s["Problem"] =
      object({{"path", kString}, {"line", kInteger}, {"message", kString}, {"exception", kString}},
             {"path", "message"});
  s["Empty"] = kObject;
  s["Document"] = kObject;
  s["Declaration"] =
      json{{"type", "object"},
           {"description",
            "CodePipeline's PipelineDeclaration, bare or as get-pipeline prints it ({\"pipeline\": "
            "...}), in JSON or YAML"}};
  s["PipelineSummary"] = object({{"name", kString},
                                 {"version", kInteger},
                                 {"pipelineType", kString},
                                 {"executionMode", kString},
                                 {"created", kTime},
                                 {"updated", kTime}});
  s["PipelineList"] =
      object({{"pipelines", array_of(ref("PipelineSummary"))}, {"next", kString}}, {"pipelines"});
  s["Pipeline"] = object({{"pipeline", kObject}, {"metadata", kObject}}, {"pipeline"});
  s["Validation"] =
      object({{"valid", kBoolean}, {"problems", array_of(ref("Problem"))}, {"pipeline", kObject}},
             {"valid", "problems"});
  s["PipelineState"] = object({{"pipelineName", kString},
                               {"pipelineVersion", kInteger},
                               {"stageStates", array_of(kObject)},
                               {"created", kTime},
                               {"updated", kTime}});
  s["Execution"] = object({{"pipelineExecutionId", kString},
                           {"pipelineName", kString},
                           {"pipelineVersion", kInteger},
                           {"status", kString},
                           {"trigger", kObject},
                           {"variables", array_of(kObject)},
                           {"artifactRevisions", array_of(kObject)}});
  s["ExecutionList"] =
      object({{"executions", array_of(kObject)}, {"next", kString}}, {"executions"});
  s["ExecutionId"] = object({{"pipelineExecutionId", kString}}, {"pipelineExecutionId"});
  s["ActionExecutionList"] =
      object({{"actionExecutions", array_of(kObject)}, {"next", kString}}, {"actionExecutions"});
  s["Approval"] = object({{"pipelineName", kString},
                          {"pipelineExecutionId", kString},
                          {"stageName", kString},
                          {"actionName", kString},
                          {"actionExecutionId", kString},
                          {"startTime", kTime},
                          {"customData", kString},
                          {"externalEntityLink", kString},
                          {"token", kString}});
  s["ApprovalList"] = object({{"approvals", array_of(ref("Approval"))}}, {"approvals"});
  s["ApprovalAnswer"] = object({{"approvedAt", kTime}});
  s["Variable"] = object({{"name", kString}, {"value", kString}}, {"name", "value"});
  s["StartExecution"] = object(
      {{"variables",
        {{"oneOf",
          {array_of(ref("Variable")), {{"type", "object"}, {"additionalProperties", kString}}}}}},
       {"clientRequestToken", kString},
       {"sourceRevisions", array_of(kObject)}});
  s["StopExecution"] = object({{"abandon", kBoolean}, {"reason", kString}});
  s["RetryStage"] =
      object({{"mode", {{"type", "string"}, {"enum", {"FAILED_ACTIONS", "ALL_ACTIONS"}}}}});
  s["Transition"] = object({{"enabled", kBoolean}, {"reason", kString}}, {"enabled"});
  s["ApprovalResult"] =
      object({{"token", kString},
              {"status", {{"type", "string"}, {"enum", {"Approved", "Rejected"}}}},
              {"summary", kString}},
             {"token", "status"});
  return s;
}

json query_parameter(std::string_view name) {
  json schema = kString;
  std::string description;
  if (name == "limit") {
    schema = {{"type", "integer"}, {"minimum", 1}};
    description = "How many items a page holds at most";
  } else if (name == "next") {
    description = "The `next` of the previous page";
  } else if (name == "version") {
    schema = {{"type", "integer"}, {"minimum", 1}};
    description = "A stored version of the declaration";
  } else if (name == "status") {
    schema = {
        {"type", "string"},
        {"enum",
         {"Cancelled", "InProgress", "Stopped", "Stopping", "Succeeded", "Superseded", "Failed"}}};
    description = "Only executions with this status";
  } else if (name == "trigger") {
    description = "Only executions with this trigger type (StartPipelineExecution, Webhook...)";
  } else if (name == "since" || name == "until") {
    description = std::string("Only executions started ") +
                  (name == "since" ? "at or after" : "before") +
                  " this time: epoch seconds or UTC ISO 8601";
  } else if (name == "pipeline") {
    description = "Only this pipeline";
  }
  return {{"name", name},
          {"in", "query"},
          {"required", false},
          {"description", description},
          {"schema", std::move(schema)}};
}

json parameters(const ApiRoute& route) {
  json out = json::array();
  std::string_view path = route.path;
  for (auto open = path.find('{'); open != std::string_view::npos; open = path.find('{', open)) {
    const auto close = path.find('}', open);
    out.push_back({{"name", std::string(path.substr(open + 1, close - open - 1))},
                   {"in", "path"},
                   {"required", true},
                   {"schema", kString}});
    open = close;
  }
  std::string_view names = route.queryParameters;
  while (!names.empty()) {
    const auto comma = names.find(',');
    out.push_back(query_parameter(names.substr(0, comma)));
    names = comma == std::string_view::npos ? std::string_view{} : names.substr(comma + 1);
  }
  return out;
}

json error_answer(const char* description) {
  return {{"description", description},
          {"content", {{"application/json", {{"schema", ref("Error")}}}}}};
}

json responses(const ApiRoute& route) {
  json out = json::object();
  switch (route.answer) {
    case Answer::Json: {
      const char* status = route.operationId == "createPipeline" ? "201" : "200";
      out[status] = {{"description", std::string(route.summary)},
                     {"content", {{"application/json", {{"schema", ref(route.answerSchema)}}}}}};
      break;
    }
    case Answer::Text: {
      const json text = {{"text/plain", {{"schema", kString}}}};
      out["200"] = {{"description", "The whole log"}, {"content", text}};
      out["206"] = {{"description", "The bytes the Range asked for, with Content-Range"},
                    {"content", text}};
      out["416"] = {{"description", "The Range starts past the end of the log"}};
      break;
    }
    case Answer::EventStream:
      out["200"] = {{"description", "A stream of Server-Sent Events"},
                    {"content", {{"text/event-stream", {{"schema", kString}}}}}};
      break;
  }
  out["400"] = error_answer("The request is not valid (ValidationException and others)");
  out["401"] = error_answer("No token, or a token that is not valid");
  if (route.role != Role::Viewer) out["403"] = error_answer("The token's role is too low");
  if (route.path.find('{') != std::string_view::npos) {
    out["404"] = error_answer("The pipeline, execution, stage or action does not exist");
  }
  if (route.method != http::verb::get) {
    out["409"] = error_answer("The execution's state does not allow it");
  }
  if (route.body != RequestBody::None) {
    out["413"] = error_answer("The body is larger than 1 MiB");
    out["415"] = error_answer("The body's Content-Type is not one the route reads");
  }
  return out;
}

json request_body(const ApiRoute& route) {
  if (route.body == RequestBody::Json) {
    return {{"required", false},
            {"content", {{"application/json", {{"schema", ref(route.bodySchema)}}}}}};
  }
  const json declaration = {{"schema", ref("Declaration")}};
  return {{"required", true},
          {"content",
           {{"application/json", declaration},
            {"application/yaml", declaration},
            {"text/yaml", declaration}}}};
}

std::string tag_of(std::string_view path) {
  if (path.find("/log") != std::string_view::npos) return "logs";
  if (path.find("approval") != std::string_view::npos) return "approvals";
  if (path.find("/transitions/") != std::string_view::npos) return "transitions";
  if (path.find("/executions") != std::string_view::npos) return "executions";
  if (path.find("/events") != std::string_view::npos) return "events";
  if (path.find("/openapi") != std::string_view::npos) return "document";
  return "pipelines";
}

json build_document() {
  json paths = json::object();
  for (const ApiRoute& route : api_v1_routes()) {
    json operation = {{"operationId", std::string(route.operationId)},
                      {"summary", std::string(route.summary)},
                      {"description", "Needs the " + std::string(to_string(route.role)) +
                                          " role or a higher one."},
                      {"tags", json::array({tag_of(route.path)})},
                      {"responses", responses(route)}};
    if (json p = parameters(route); !p.empty()) operation["parameters"] = std::move(p);
    if (route.body != RequestBody::None) operation["requestBody"] = request_body(route);
    std::string method(http::to_string(route.method));
    for (auto& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    paths[std::string(route.path)][method] = std::move(operation);
  }
  return {{"openapi", "3.0.3"},
          {"info",
           {{"title", "Lockstep REST API"},
            {"version", std::string(kVersion)},
            {"description",
             "Pipelines, executions, approvals and logs of a Lockstep server. Send "
             "Authorization: Bearer <token>; a token's role is viewer, operator or admin."}}},
          {"security", json::array({json{{"bearer", json::array()}}})},
          {"paths", std::move(paths)},
          {"components",
           {{"securitySchemes", {{"bearer", {{"type", "http"}, {"scheme", "bearer"}}}}},
            {"schemas", schemas()}}}};
}

}  // namespace

const json& openapi_document() {
  static const json document = build_document();
  return document;
}

void get_openapi(const ApiCall& call) {
  call.respond(json_response(http::status::ok, openapi_document()));
}

}  // namespace lockstep::server::api_v1

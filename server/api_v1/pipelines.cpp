// Pipelines: list, get, create and update from a JSON or YAML declaration, delete, validate, and
// the live state of their stages. Each runs the AWS API's operation of the same name.
#include <cstdint>
#include <optional>

#include "engine/api_errors.hpp"
#include "engine/declaration_parser.hpp"
#include "engine/pipeline_json.hpp"
#include "server/api_v1/api_errors.hpp"
#include "server/api_v1/handlers.hpp"

namespace lockstep::server::api_v1 {
namespace {

using nlohmann::json;

// The format the Content-Type names; nothing for a type the API does not read declarations in.
std::optional<engine::DocumentFormat> declaration_format(const HttpRequest& request) {
  const auto header = request.find(http::field::content_type);
  if (header == request.end()) return std::nullopt;
  std::string_view type = header->value();
  type = type.substr(0, type.find(';'));
  while (!type.empty() && type.back() == ' ') type.remove_suffix(1);
  if (type == "application/json") return engine::DocumentFormat::Json;
  if (type == "application/yaml" || type == "text/yaml" || type == "application/x-yaml") {
    return engine::DocumentFormat::Yaml;
  }
  return std::nullopt;
}

json problems_json(const engine::Problems& problems) {
  json out = json::array();
  for (const engine::Problem& p : problems) {
    json problem = {{"path", p.path}, {"message", p.message}, {"exception", p.exception}};
    if (p.line > 0) problem["line"] = p.line;
    out.push_back(std::move(problem));
  }
  return out;
}

// The body parsed by the same parser `lockstep validate` and the AWS API use; nothing (answered
// with 415) when its Content-Type is not JSON or YAML.
std::optional<engine::ParsedDeclaration> parse_body(const ApiCall& call) {
  const auto format = declaration_format(call.request->http);
  if (!format) {
    call.respond(api_error(http::status::unsupported_media_type, "UnsupportedMediaTypeException",
                           "A declaration is sent as application/json, application/yaml or "
                           "text/yaml"));
    return std::nullopt;
  }
  return engine::parse_pipeline_declaration(call.request->http.body(), *format);
}

// The valid declaration in the body; nothing when refused with every problem.
std::optional<engine::PipelineDeclaration> read_declaration(const ApiCall& call) {
  auto parsed = parse_body(call);
  if (!parsed) return std::nullopt;
  if (parsed->ok()) return std::move(parsed->declaration);
  const aws_api::AwsError error = aws_api::declaration_error(parsed->problems);
  call.fail(error.type, error.message, {{"problems", problems_json(parsed->problems)}});
  return std::nullopt;
}

}  // namespace

void list_pipelines(const ApiCall& call) {
  json input = json::object();
  if (!call.read_paging(1000, input)) return;
  call.run(aws_api::list_pipelines, std::move(input), rename_next_token);
}

void create_pipeline(const ApiCall& call) {
  auto declaration = read_declaration(call);
  if (!declaration) return;
  call.run(aws_api::create_pipeline, {{"pipeline", engine::to_json(*declaration)}}, {},
           http::status::created);
}

void get_pipeline(const ApiCall& call) {
  json input = {{"name", call.parameter("name")}};
  if (auto version = call.query("version")) {
    const auto number = parse_integer(*version, 1, INT32_MAX);
    if (!number) {
      call.fail(engine::api_error::kValidation, "version must be a whole number from 1");
      return;
    }
    input["version"] = *number;
  }
  call.run(aws_api::get_pipeline, std::move(input));
}

void update_pipeline(const ApiCall& call) {
  auto declaration = read_declaration(call);
  if (!declaration) return;
  if (declaration->name != call.parameter("name")) {
    call.fail(engine::api_error::kValidation, "The declaration is named " + declaration->name +
                                                  ", not " + call.parameter("name") +
                                                  "; a pipeline cannot be renamed");
    return;
  }
  call.run(aws_api::update_pipeline, {{"pipeline", engine::to_json(*declaration)}});
}

void delete_pipeline(const ApiCall& call) {
  const std::string& name = call.parameter("name");
  // DeletePipeline of nothing succeeds in AWS; a REST client is told the pipeline is not there.
  if (!call.deps().pipelines.get_pipeline(name)) {
    call.fail(engine::api_error::kPipelineNotFound, "Pipeline " + name + " does not exist.");
    return;
  }
  call.run(aws_api::delete_pipeline, {{"name", name}});
}

void validate_pipeline(const ApiCall& call) {
  auto parsed = parse_body(call);
  if (!parsed) return;
  json body = {{"valid", parsed->ok()}, {"problems", problems_json(parsed->problems)}};
  if (parsed->ok()) body["pipeline"] = engine::to_json(parsed->declaration);
  call.ok(body);
}

void get_pipeline_state(const ApiCall& call) {
  call.run(aws_api::get_pipeline_state, {{"name", call.parameter("name")}});
}

}  // namespace lockstep::server::api_v1

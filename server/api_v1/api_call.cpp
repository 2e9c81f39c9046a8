#include "server/api_v1/api_call.hpp"

#include <spdlog/spdlog.h>

#include "server/api_v1/api_errors.hpp"
#include "server/json_response.hpp"

namespace lockstep::server::api_v1 {
namespace {

bool is_json(std::string_view content_type) {
  return content_type.starts_with("application/json");
}

}  // namespace

const std::string& ApiCall::parameter(const std::string& name) const {
  return request->parameters.at(name);
}

std::optional<std::string> ApiCall::query(std::string_view name) const {
  const auto params = request->url.params();
  const auto it = params.find(name);
  if (it == params.end()) return std::nullopt;
  return std::string((*it).value);
}

void ApiCall::ok(const nlohmann::json& body, http::status status) const {
  respond(json_response(status, body));
}

void ApiCall::fail(const std::string& exception, const std::string& message,
                   const nlohmann::json& extra) const {
  respond(api_error(rest_status(exception), exception, message, extra));
}

std::optional<nlohmann::json> ApiCall::json_body() const {
  const HttpRequest& http = request->http;
  if (http.body().empty()) return nlohmann::json::object();
  const auto type = http.find(http::field::content_type);
  if (type == http.end() || !is_json(type->value())) {
    respond(api_error(http::status::unsupported_media_type, "UnsupportedMediaTypeException",
                      "The body must be JSON sent as Content-Type: application/json"));
    return std::nullopt;
  }
  auto body = nlohmann::json::parse(http.body(), nullptr, false);
  if (body.is_discarded() || !body.is_object()) {
    fail("SerializationException", "The request body is not a JSON object");
    return std::nullopt;
  }
  return body;
}

void ApiCall::run(aws_api::Operation operation, nlohmann::json input,
                  std::function<nlohmann::json(nlohmann::json)> reshape,
                  http::status status) const {
  auto shape = std::make_shared<aws_api::AnswerShape>();
  shape->success = [reshape = std::move(reshape), status](const nlohmann::json& body) {
    return json_response(status, reshape ? reshape(body) : body);
  };
  shape->error = [](const aws_api::AwsError& error) {
    return api_error(rest_status(error.type), error.type, error.message);
  };
  aws_api::AwsCall call;
  call.context = context->operations;
  call.input = std::move(input);
  call.caller = caller.name;
  call.respond = respond;
  call.shape = std::move(shape);
  operation(call);
}

bool ApiCall::read_paging(long long max, nlohmann::json& input) const {
  if (auto limit = query("limit")) {
    const auto value = parse_integer(*limit, 1, max);
    if (!value) {
      fail("ValidationException", "limit must be a whole number from 1 to " + std::to_string(max));
      return false;
    }
    input["maxResults"] = *value;
  }
  if (auto next = query("next")) input["nextToken"] = *next;
  return true;
}

nlohmann::json rename_next_token(nlohmann::json body) {
  if (auto it = body.find("nextToken"); it != body.end()) {
    body["next"] = *it;
    body.erase("nextToken");
  }
  return body;
}

std::optional<long long> parse_integer(std::string_view text, long long min, long long max) {
  if (text.empty() || text.size() > 18) return std::nullopt;
  long long value = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  if (value < min || value > max) return std::nullopt;
  return value;
}

}  // namespace lockstep::server::api_v1

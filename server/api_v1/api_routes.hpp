// The REST API's routes in one table: the router serves them and the OpenAPI document describes
// them from the same rows, so the two cannot drift apart.
#pragma once

#include <span>
#include <string_view>

#include "server/api_v1/api_call.hpp"
#include "server/api_v1/bearer_auth.hpp"

namespace lockstep::server::api_v1 {

enum class RequestBody { None, Json, Declaration };
enum class Answer { Json, Text, EventStream };

struct ApiRoute {
  http::verb method;
  std::string_view path;  // router pattern, "{name}" segments are path parameters
  Role role;              // the least role allowed
  std::string_view operationId;
  std::string_view summary;
  RequestBody body;
  std::string_view bodySchema;  // components/schemas name of a JSON body
  Answer answer;
  std::string_view answerSchema;     // components/schemas name of a JSON answer
  std::string_view queryParameters;  // names separated by commas
  ApiHandler handler;                // nullptr: served by the live-stream routes, described here
};

std::span<const ApiRoute> api_v1_routes();

}  // namespace lockstep::server::api_v1

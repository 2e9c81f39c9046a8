#include "server/json_response.hpp"

namespace lockstep::server {

HttpResponse json_response(http::status status, const nlohmann::json& body) {
  HttpResponse response{status, 11};
  response.set(http::field::content_type, "application/json");
  // replace: a stray invalid UTF-8 byte must not turn a response into an exception.
  response.body() = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return response;
}

HttpResponse error_response(http::status status, std::string_view message) {
  return json_response(status, nlohmann::json{{"message", message}});
}

}  // namespace lockstep::server

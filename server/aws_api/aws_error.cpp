#include "server/aws_api/aws_error.hpp"

#include <boost/uuid/random_generator.hpp>
#include <boost/uuid/uuid_io.hpp>

namespace lockstep::server::aws_api {
namespace {

constexpr const char* kContentType = "application/x-amz-json-1.1";

std::string request_id() {
  thread_local boost::uuids::random_generator generate;
  return boost::uuids::to_string(generate());
}

HttpResponse respond(http::status status, const nlohmann::json& body) {
  HttpResponse response{status, 11};
  response.set(http::field::content_type, kContentType);
  response.set("x-amzn-RequestId", request_id());
  // replace: a stray invalid UTF-8 byte in stored text must not turn an answer into an exception.
  response.body() = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return response;
}

}  // namespace

HttpResponse aws_error_response(const AwsError& error) {
  HttpResponse response =
      respond(error.status, nlohmann::json{{"__type", error.type}, {"message", error.message}});
  response.set("X-Amzn-ErrorType", error.type);
  return response;
}

HttpResponse aws_success_response(const nlohmann::json& body) {
  return respond(http::status::ok, body.is_null() ? nlohmann::json::object() : body);
}

http::status status_of(const std::string& exception) {
  if (exception == "InternalFailure") return http::status::internal_server_error;
  if (exception == "ServiceUnavailable") return http::status::service_unavailable;
  if (exception == "MissingAuthenticationTokenException" || exception == "InvalidClientTokenId") {
    return http::status::forbidden;
  }
  return http::status::bad_request;
}

}  // namespace lockstep::server::aws_api

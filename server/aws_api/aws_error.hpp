// Errors and answers in AWS JSON 1.1's shape: {"__type", "message"} with the exception's status.
#pragma once

#include <nlohmann/json.hpp>

#include <functional>
#include <string>

#include "server/router.hpp"

namespace lockstep::server::aws_api {

struct AwsError {
  std::string type;  // the exception name, e.g. PipelineNotFoundException
  std::string message;
  http::status status = http::status::bad_request;
};

// Answers a call exactly once, from any thread.
using AwsRespond = std::function<void(HttpResponse)>;

HttpResponse aws_error_response(const AwsError& error);
HttpResponse aws_success_response(const nlohmann::json& body);

// The HTTP status AWS gives an exception: 400 except for the common errors that differ.
http::status status_of(const std::string& exception);

}  // namespace lockstep::server::aws_api

// REST errors: json_response's {"message"} shape with the exception name the engine or the AWS
// API gives the same failure, and the HTTP status a REST client expects for it.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

#include "server/router.hpp"

namespace lockstep::server::api_v1 {

// {"message", "exception"} plus `extra` members (such as "problems") with `status`.
HttpResponse api_error(http::status status, std::string_view exception, std::string_view message,
                       const nlohmann::json& extra = nlohmann::json::object());

// 404 for what does not exist, 409 for a conflict with the execution's state, 500 for a failure
// on the server's side, 400 for anything else the caller got wrong.
http::status rest_status(std::string_view exception);

}  // namespace lockstep::server::api_v1

// Building JSON responses: success bodies and the {"message": ...} error shape every route uses.
#pragma once

#include <nlohmann/json.hpp>

#include <string_view>

#include "server/router.hpp"

namespace lockstep::server {

HttpResponse json_response(http::status status, const nlohmann::json& body);

// {"message": "<sentence>"}: what the REST API and clients expect from a failed request.
HttpResponse error_response(http::status status, std::string_view message);

}  // namespace lockstep::server

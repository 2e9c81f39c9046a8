// The OpenAPI 3.0 document of the REST API, built from the route table it describes.
#pragma once

#include <nlohmann/json.hpp>

namespace lockstep::server::api_v1 {

const nlohmann::json& openapi_document();

}  // namespace lockstep::server::api_v1

// Requests to the REST API at /api/v1/ over loopback: a Bearer token, a body with its
// Content-Type, and any other header (Range) a test needs.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "tests/support/http_client.hpp"

namespace lockstep::testing {

struct RestRequest {
  RestRequest(std::string method_, std::string target_, std::string token_ = {},
              std::string body_ = {}, std::string content_type = "application/json",
              std::vector<std::pair<std::string, std::string>> headers_ = {})
      : method(std::move(method_)),
        target(std::move(target_)),
        token(std::move(token_)),
        body(std::move(body_)),
        contentType(std::move(content_type)),
        headers(std::move(headers_)) {}

  std::string method;
  std::string target;
  std::string token;  // empty: no Authorization header
  std::string body;
  std::string contentType = "application/json";  // sent with a body
  std::vector<std::pair<std::string, std::string>> headers;
};

// One request on a fresh connection.
HttpResult rest_request(std::uint16_t port, const RestRequest& request);

}  // namespace lockstep::testing

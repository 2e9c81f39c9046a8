// One REST request in flight: who made it, its path parameters and body, and how to answer it.
#pragma once

#include <nlohmann/json.hpp>

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "server/api_v1/bearer_auth.hpp"
#include "server/aws_api/aws_call.hpp"
#include "server/router.hpp"

namespace lockstep::server::api_v1 {

// What every handler needs: the AWS API's operations (shared with it, so that both give the same
// answers and order pipeline writes with one lock), the tokens, and where logs are.
struct ApiContext {
  std::shared_ptr<aws_api::AwsApiContext> operations;
  BearerAuth auth;
  std::filesystem::path dataDir;

  const aws_api::AwsApiDeps& deps() const { return operations->deps; }
};

struct ApiCall {
  std::shared_ptr<ApiContext> context;
  const RouteRequest* request = nullptr;  // valid until respond is called
  Respond respond;
  Caller caller;

  const aws_api::AwsApiDeps& deps() const { return context->deps(); }
  // A "{name}" segment of the route's pattern.
  const std::string& parameter(const std::string& name) const;
  // A query parameter, decoded.
  std::optional<std::string> query(std::string_view name) const;

  void ok(const nlohmann::json& body, http::status status = http::status::ok) const;
  // With the status rest_status gives the exception.
  void fail(const std::string& exception, const std::string& message,
            const nlohmann::json& extra = nlohmann::json::object()) const;

  // The body as a JSON object ({} when there is none). Answers 415 when it is not JSON by its
  // Content-Type and 400 when it does not parse; nothing is returned then.
  std::optional<nlohmann::json> json_body() const;

  // Runs one of the AWS API's operations on `input`; `reshape` turns its answer into the REST
  // body (identity when empty). Errors keep the operation's exception name.
  void run(aws_api::Operation operation, nlohmann::json input,
           std::function<nlohmann::json(nlohmann::json)> reshape = {},
           http::status status = http::status::ok) const;

  // `limit` (1 to `max`) and `next` from the query as the operation's maxResults and nextToken;
  // false when refused (answered).
  bool read_paging(long long max, nlohmann::json& input) const;
};

// An AWS answer's nextToken as the REST API's `next`.
nlohmann::json rename_next_token(nlohmann::json body);

// A whole decimal number from a query parameter in [min, max].
std::optional<long long> parse_integer(std::string_view text, long long min, long long max);

using ApiHandler = void (*)(const ApiCall&);

}  // namespace lockstep::server::api_v1

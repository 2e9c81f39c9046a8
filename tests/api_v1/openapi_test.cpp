// The OpenAPI document describes exactly the routes the REST API serves, and a real OpenAPI 3
// validator (@apidevtools/swagger-parser, tests/e2e/openapi) accepts it.
#include <filesystem>

#include "server/api_v1/api_routes.hpp"
#include "server/api_v1/openapi.hpp"
#include "tests/api_v1/rest_fixture.hpp"
#include "tests/support/process.hpp"

namespace {

using lockstep::testing::RestFixture;
using nlohmann::json;
namespace t = lockstep::testing;
namespace v1 = lockstep::server::api_v1;

const std::filesystem::path kValidatorDir =
    std::filesystem::path(LOCKSTEP_SOURCE_DIR) / "tests" / "e2e" / "openapi";

std::string lower(std::string text) {
  for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// "GET /api/v1/..." for every operation of the document.
std::set<std::string> documented(const json& document) {
  std::set<std::string> out;
  for (const auto& [path, operations] : document["paths"].items()) {
    for (const auto& [method, operation] : operations.items()) {
      std::string upper = method;
      for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      out.insert(upper + " " + path);
    }
  }
  return out;
}

// The route's path with every "{parameter}" filled in.
std::string concrete(std::string_view pattern) {
  std::string out;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] != '{') {
      out += pattern[i];
      continue;
    }
    i = pattern.find('}', i);
    out += "x";
  }
  return out;
}

}  // namespace

TEST_CASE("every route of the table is in the OpenAPI document and every operation is a route") {
  RestFixture api;
  const json document = api.call("GET", "/api/v1/openapi.json", nullptr, 200, t::kViewerToken);
  CHECK(document == v1::openapi_document());
  CHECK(document["openapi"].get<std::string>().starts_with("3.0"));

  std::set<std::string> table;
  for (const v1::ApiRoute& route : v1::api_v1_routes()) {
    table.insert(std::string(lockstep::server::http::to_string(route.method)) + " " +
                 std::string(route.path));
    const json& operation =
        document["paths"][std::string(route.path)]
                [lower(std::string(lockstep::server::http::to_string(route.method)))];
    // The live streams are served by their own routes and described here as event streams.
    if (route.handler == nullptr) {
      CHECK(operation["responses"]["200"]["content"].contains("text/event-stream"));
    }
  }
  CHECK(table == documented(document));
  CHECK(table.count("GET /api/v1/events") == 1);
  CHECK(table.count("GET /api/v1/pipelines/{name}/executions/{id}/actions/{actionExecutionId}/"
                    "log/stream") == 1);
}

TEST_CASE("every route the REST API registers is served at the path its description gives") {
  RestFixture api;
  std::set<std::string> served_here;
  for (const v1::ApiRoute& route : v1::api_v1_routes()) {
    if (route.handler == nullptr) continue;
    const std::string method(lockstep::server::http::to_string(route.method));
    served_here.insert(method + " " + std::string(route.path));
    api.raw({method, concrete(route.path), t::kAdminToken, "{}"});
  }
  std::lock_guard lock(api.mutex);
  CHECK(api.matchedRoutes == served_here);
}

TEST_CASE("the OpenAPI document passes a real OpenAPI 3 validator") {
  if (!std::filesystem::exists(kValidatorDir / "node_modules" / "@apidevtools" /
                               "swagger-parser")) {
    t::ProcessOptions options;
    options.working_directory = kValidatorDir;
    const auto installed = t::run_process({"/usr/bin/env", "npm", "ci", "--no-audit", "--no-fund"},
                                          options, std::chrono::minutes(5));
    INFO(installed.err);
    REQUIRE(installed.status == 0);
  }
  t::TempDir dir;
  const auto file = dir.write("openapi.json", v1::openapi_document().dump(2));
  const auto checked = t::run_process(
      {"/usr/bin/env", "node", (kValidatorDir / "validate.mjs").string(), file.string()});
  INFO(checked.out << checked.err);
  CHECK(checked.status == 0);
  CHECK(checked.out.find("valid: OpenAPI 3.0.3") != std::string::npos);
}

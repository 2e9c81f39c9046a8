// The REST API served in-process over loopback with one token per role, and calls to it.
#pragma once

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <chrono>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include "server/api_v1/api_v1.hpp"
#include "tests/support/rest_request.hpp"
#include "tests/support/server/demo_pipeline.hpp"
#include "tests/support/server/inprocess_server.hpp"

namespace lockstep::testing {

inline const std::string kViewerToken = "viewer-token-0123456789";
inline const std::string kOperatorToken = "operator-token-0123456789";
inline const std::string kAdminToken = "admin-token-0123456789abc";

struct RestFixture {
  explicit RestFixture(bool allow_unauthenticated = false)
      : server([this, allow_unauthenticated](server::Router& router, InProcessServer& s) {
          using server::api_v1::Role;
          auto operations =
              std::make_shared<server::aws_api::AwsApiContext>(server::aws_api::AwsApiDeps{
                  *s.store, *s.queries, *s.orchestrator, s.clock, s.io.get_executor(), {}});
          server::api_v1::add_api_v1_routes(router, {operations,
                                                     {{"viewer", kViewerToken, Role::Viewer},
                                                      {"operator", kOperatorToken, Role::Operator},
                                                      {"admin", kAdminToken, Role::Admin}},
                                                     allow_unauthenticated,
                                                     s.directory()});
          router.observe([this](const server::AnsweredRequest& answered) {
            std::lock_guard lock(mutex);
            matchedRoutes.insert(std::string(answered.method) + " " + std::string(answered.route));
          });
        }) {}

  HttpResult raw(RestRequest request) { return rest_request(server.port(), request); }

  // The parsed answer after checking its status.
  nlohmann::json call(const std::string& method, const std::string& target,
                      const nlohmann::json& body = nullptr, int expected_status = 200,
                      const std::string& token = kAdminToken) {
    RestRequest request{method, target, token, body.is_null() ? "" : body.dump()};
    const HttpResult result = raw(request);
    INFO(method << " " << target << " answered " << result.status << ": " << result.body);
    REQUIRE(result.status == expected_status);
    return nlohmann::json::parse(result.body);
  }

  // Creates the demo pipeline (its first execution starts at once).
  void create(const std::string& name) {
    call("POST", "/api/v1/pipelines", {{"pipeline", demo_pipeline(name)}}, 201);
  }

  // Waits until `done` holds, checking every few milliseconds; fails the test after 10 s.
  template <typename Predicate>
  static void wait_until(Predicate done) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!done()) {
      REQUIRE(std::chrono::steady_clock::now() < deadline);
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }

  std::mutex mutex;
  std::set<std::string> matchedRoutes;  // "METHOD pattern" of every answered request
  InProcessServer server;
};

}  // namespace lockstep::testing

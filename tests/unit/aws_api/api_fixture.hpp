// The CodePipeline API served in-process over loopback, and signed calls to it.
#pragma once

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <chrono>
#include <thread>

#include "server/aws_api/aws_api.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/server/aws_request.hpp"
#include "tests/support/server/inprocess_server.hpp"

namespace lockstep::testing {

struct ApiFixture {
  explicit ApiFixture(bool allow_unauthenticated = false)
      : server([allow_unauthenticated](server::Router& router, InProcessServer& s) {
          server::aws_api::AwsApiSettings settings;
          settings.accessKeys = {{"AKIDLOCKSTEPTEST", "lockstep-test-secret"}};
          settings.allowUnauthenticated = allow_unauthenticated;
          server::aws_api::add_aws_api_routes(router, {*s.store, *s.queries, *s.orchestrator,
                                                       s.clock, s.io.get_executor(), settings});
        }) {}

  HttpResult raw(const std::string& operation, const std::string& body,
                 const AwsRequestOptions& options = {}) {
    HttpConnection connection("127.0.0.1", server.port());
    connection.send_raw(aws_request(server.port(), operation, body, options));
    return connection.read_response();
  }

  // The parsed answer; the test checks status and shape.
  nlohmann::json call(const std::string& operation, const nlohmann::json& input,
                      int expected_status = 200) {
    const HttpResult result = raw(operation, input.dump());
    INFO(operation << " answered " << result.status << ": " << result.body);
    REQUIRE(result.status == expected_status);
    return nlohmann::json::parse(result.body);
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

  InProcessServer server;
};

}  // namespace lockstep::testing

// The chat webhook's POST: JSON to a real HTTP endpoint, and the sentence each failure gives.
#include <catch2/catch.hpp>

#include <chrono>
#include <regex>
#include <string>

#include "executors/approval/curl_delivery.hpp"
#include "tests/support/process.hpp"

namespace {

using lockstep::executors::approval::post_json;
using lockstep::testing::Process;

// The sink answers every POST with `status`; returns its URL.
std::string start_sink(Process& sink) {
  const auto listening = sink.await_stderr_line(std::regex("listening on 127\\.0\\.0\\.1:[0-9]+"),
                                                std::chrono::seconds(10));
  REQUIRE(listening);
  return "http://127.0.0.1:" + listening->substr(listening->rfind(':') + 1) + "/hook";
}

Process sink_answering(const char* status) {
  return Process({"/usr/bin/python3",
                  std::string(LOCKSTEP_SOURCE_DIR) + "/tests/support/webhook_sink.py", status});
}

}  // namespace

TEST_CASE("a webhook that answers 2xx has received the JSON", "[approval]") {
  Process sink = sink_answering("204");
  CHECK_FALSE(post_json(start_sink(sink), R"({"text":"Ship it?"})"));
  const auto received = sink.await_stderr_line(std::regex("^received "), std::chrono::seconds(10));
  REQUIRE(received);
  CHECK(*received == R"(received application/json {"text":"Ship it?"})");
}

TEST_CASE("a webhook that answers an error status is a failure naming the status", "[approval]") {
  Process sink = sink_answering("503");
  CHECK(post_json(start_sink(sink), R"({"text":"Ship it?"})") == "the webhook answered HTTP 503");
}

TEST_CASE("a webhook nobody listens on is a failure saying it could not be reached", "[approval]") {
  // Port 1 on loopback: nothing listens there, so the connection is refused at once.
  const auto failure = post_json("http://127.0.0.1:1/hook", "{}");
  REQUIRE(failure);
  CHECK(failure->starts_with("the webhook could not be reached: "));
}

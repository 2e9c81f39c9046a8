// GET /api/v1/events: the engine's events as they are committed, filtered by pipeline, kept open
// by heartbeats, ended by a shutdown.
#include <catch2/catch.hpp>

#include <optional>
#include <vector>

#include "tests/streams/stream_fixture.hpp"

using namespace lockstep::testing;
using lockstep::engine::EventSubject;

namespace {

// "type state stage action" of a streamed event, and the same of a recorded one.
std::string describe(const nlohmann::json& event) {
  std::string text = event["type"].get<std::string>() + " " + event["state"].get<std::string>();
  if (event.contains("stage")) text += " " + event["stage"].get<std::string>();
  if (event.contains("action")) text += " " + event["action"].get<std::string>();
  return text;
}

std::string describe(const lockstep::engine::Notify& event) {
  switch (event.subject) {
    case EventSubject::PipelineExecution:
      return "pipeline-execution " + event.state;
    case EventSubject::StageExecution:
      return "stage-execution " + event.state + " " + event.stageName;
    case EventSubject::ActionExecution:
      return "action-execution " + event.state + " " + event.stageName + " " + event.actionName;
  }
  return "";
}

// The events of the stream up to and including the pipeline execution's end.
std::vector<nlohmann::json> until_execution_ends(SseClient& client) {
  std::vector<nlohmann::json> events;
  for (;;) {
    auto event = client.next_event();
    REQUIRE(event);
    events.push_back(nlohmann::json::parse(event->data));
    const auto& last = events.back();
    if (last["type"] == "pipeline-execution" && last["state"] != "STARTED") return events;
  }
}

}  // namespace

TEST_CASE(
    "the events stream delivers an execution's start then stage and action changes then its "
    "success in order") {
  StreamFixture fixture;
  SseClient client(fixture.server.port(), "/api/v1/events");
  REQUIRE(client.head().status == 200);
  auto subscribed = client.next();
  REQUIRE(subscribed);
  CHECK(subscribed->comment == "subscribed");

  const std::string execution = fixture.start_execution("demo");
  for (const char* action : {"src", "build"}) {
    StreamFixture::wait_until([&] { return fixture.server.executor.is_running(action); });
    REQUIRE(fixture.server.executor.complete(action));
  }
  fixture.approve("demo");
  const auto events = until_execution_ends(client);

  std::vector<std::string> streamed;
  for (const auto& event : events) {
    CHECK(event["pipeline"] == "demo");
    CHECK(event["execution-id"] == execution);
    streamed.push_back(describe(event));
  }
  REQUIRE(streamed.size() >= 4);
  CHECK(streamed.front() == "pipeline-execution STARTED");
  CHECK(streamed[1] == "stage-execution STARTED Source");
  CHECK(streamed[2] == "action-execution STARTED Source src");
  CHECK(streamed.back() == "pipeline-execution SUCCEEDED");
  // Exactly what the engine notified, in the same order.
  std::vector<std::string> recorded;
  for (const auto& event : fixture.server.notifier.events()) recorded.push_back(describe(event));
  CHECK(streamed == recorded);
  CHECK_FALSE(events.front().contains("action-execution-id"));
  CHECK(events[2].contains("action-execution-id"));
}

TEST_CASE("the events stream of one pipeline leaves out the others") {
  StreamFixture fixture;
  SseClient client(fixture.server.port(), "/api/v1/events?pipeline=wanted");
  REQUIRE(client.next());
  fixture.start_execution("other");
  StreamFixture::wait_until([&] { return fixture.server.executor.is_running("src"); });
  const std::string wanted = fixture.start_execution("wanted");
  auto first = client.next_event();
  REQUIRE(first);
  const auto event = nlohmann::json::parse(first->data);
  CHECK(event["pipeline"] == "wanted");
  CHECK(event["execution-id"] == wanted);
  CHECK(describe(event) == "pipeline-execution STARTED");
}

TEST_CASE("an idle events stream gets heartbeat comments") {
  StreamFixture fixture;
  SseClient client(fixture.server.port(), "/api/v1/events");
  REQUIRE(client.next());
  auto heartbeat = client.next();
  REQUIRE(heartbeat);
  CHECK(heartbeat->comment == "heartbeat");
}

TEST_CASE("a shutdown ends an open stream instead of waiting for it") {
  std::optional<StreamFixture> fixture(std::in_place);
  SseClient events(fixture->server.port(), "/api/v1/events");
  REQUIRE(events.next());
  const RunningAction build = fixture->running_build();
  auto log = fixture->open_log(build);
  SseClient follower(fixture->server.port(), StreamFixture::log_target(build));
  REQUIRE(follower.next());
  log->write("before the shutdown\n");
  auto line = follower.next_event();
  REQUIRE(line);

  log->close();     // the action still runs: the follower waits for its status
  fixture.reset();  // stops the listener and joins the server's threads
  while (events.next()) {
  }
  CHECK(events.ended_cleanly());
  while (follower.next()) {
  }
  CHECK(follower.ended_cleanly());
}

TEST_CASE("a refused events request is answered with the refusal") {
  StreamFixture fixture;
  fixture.refusal = lockstep::server::error_response(lockstep::server::http::status::forbidden,
                                                     "This token may not read events.");
  const auto result = http_get(fixture.server.port(), "/api/v1/events");
  CHECK(result.status == 403);
  CHECK_THAT(result.body, Catch::Contains("This token may not read events."));
  CHECK(fixture.server.events.listeners() == 0);
}

// GET .../actions/{actionExecutionId}/log/stream: the log so far, each later line as it is
// written, then the action's final status; resumable by byte offset.
#include <catch2/catch.hpp>

#include "tests/streams/stream_fixture.hpp"

using namespace lockstep::testing;
using lockstep::engine::ActionOutcome;

namespace {

nlohmann::json status_of(const SseEvent& event) {
  REQUIRE(event.event == "status");
  return nlohmann::json::parse(event.data);
}

}  // namespace

TEST_CASE("a follower gets the log so far then each new line then the final status") {
  StreamFixture fixture;
  const RunningAction build = fixture.running_build();
  auto log = fixture.open_log(build);
  log->write("one\ntwo\nthr");

  SseClient client(fixture.server.port(), StreamFixture::log_target(build));
  REQUIRE(client.head().status == 200);
  CHECK(client.head().header("content-type") == "text/event-stream; charset=utf-8");
  auto first = client.next_event();
  REQUIRE(first);
  CHECK(first->event == "log");
  CHECK(first->data == "one\ntwo");
  CHECK(first->id == "8");

  // The partial line waits for its end; then the lines come as they are written.
  log->write("ee\nfour\n");
  auto second = client.next_event();
  REQUIRE(second);
  CHECK(second->data == "three\nfour");
  CHECK(second->id == "19");
  log->write("five\n");
  auto third = client.next_event();
  REQUIRE(third);
  CHECK(third->data == "five");

  log->close();
  REQUIRE(fixture.server.executor.complete("build", ActionOutcome::Succeeded, "built it"));
  auto status = client.next_event();
  REQUIRE(status);
  CHECK(status->id == "end");
  CHECK(status_of(*status) == nlohmann::json{{"status", "Succeeded"}, {"summary", "built it"}});
  CHECK_FALSE(client.next_event());
  CHECK(client.ended_cleanly());
}

TEST_CASE("a last line without its newline is sent when the log ends") {
  StreamFixture fixture;
  const RunningAction build = fixture.running_build();
  auto log = fixture.open_log(build);
  SseClient client(fixture.server.port(), StreamFixture::log_target(build));
  REQUIRE(client.next());  // the opening comment: following from here on
  log->write("compiling\r\nno newline at the end");
  auto lines = client.next_event();
  REQUIRE(lines);
  CHECK(lines->data == "compiling");  // the carriage return is dropped
  log->close();
  auto last = client.next_event();
  REQUIRE(last);
  CHECK(last->data == "no newline at the end");
  CHECK(last->id == "32");
  REQUIRE(fixture.server.executor.complete("build", ActionOutcome::Failed, "tests failed"));
  auto status = client.next_event();
  REQUIRE(status);
  CHECK(status_of(*status) == nlohmann::json{{"status", "Failed"}, {"summary", "tests failed"}});
}

TEST_CASE("a finished action's whole log and status come at once") {
  StreamFixture fixture;
  const RunningAction build = fixture.running_build();
  auto log = fixture.open_log(build);
  log->write("a\nb\nc\n");
  log->close();
  REQUIRE(fixture.server.executor.complete("build", ActionOutcome::Succeeded, "done"));
  fixture.approval_token("demo");  // the next stage started: the build's end is committed

  SseClient client(fixture.server.port(), StreamFixture::log_target(build));
  auto lines = client.next_event();
  REQUIRE(lines);
  CHECK(lines->data == "a\nb\nc");
  auto status = client.next_event();
  REQUIRE(status);
  CHECK(status_of(*status)["status"] == "Succeeded");
  CHECK_FALSE(client.next_event());
  CHECK(client.ended_cleanly());
}

TEST_CASE("Last-Event-ID resumes right after the bytes the client has seen") {
  StreamFixture fixture;
  const RunningAction build = fixture.running_build();
  auto log = fixture.open_log(build);
  log->write("a\nb\nc\n");

  // Running: the rest of the file, then what is written next.
  SseClient running(fixture.server.port(), StreamFixture::log_target(build),
                    {{"Last-Event-ID", "2"}});
  auto rest = running.next_event();
  REQUIRE(rest);
  CHECK(rest->data == "b\nc");
  log->write("d\n");
  auto next = running.next_event();
  REQUIRE(next);
  CHECK(next->data == "d");
  CHECK(next->id == "8");
  log->close();
  REQUIRE(fixture.server.executor.complete("build", ActionOutcome::Succeeded, "done"));
  REQUIRE(running.next_event());  // the status

  // Finished and everything seen: only the status.
  SseClient finished(fixture.server.port(), StreamFixture::log_target(build),
                     {{"Last-Event-ID", "8"}});
  auto status = finished.next_event();
  REQUIRE(status);
  CHECK(status->event == "status");

  // After the status: 204 tells a browser to stop reconnecting.
  SseClient done(fixture.server.port(), StreamFixture::log_target(build),
                 {{"Last-Event-ID", "end"}});
  CHECK(done.head().status == 204);
}

TEST_CASE("an unknown action execution is answered 404") {
  StreamFixture fixture;
  const RunningAction build = fixture.running_build();
  const RunningAction unknown{build.executionId, "00000000-0000-4000-8000-000000000000"};
  const auto result = http_get(fixture.server.port(), StreamFixture::log_target(unknown));
  CHECK(result.status == 404);
  CHECK_THAT(result.body, Catch::Contains("No action execution"));
  const auto other_pipeline =
      http_get(fixture.server.port(), StreamFixture::log_target(build, "elsewhere"));
  CHECK(other_pipeline.status == 404);
}

TEST_CASE("a client that disconnects stops following the log at once") {
  StreamFixture fixture;
  const RunningAction build = fixture.running_build();
  auto log = fixture.open_log(build);
  const std::size_t idle = log->followers();  // the registry's own
  {
    SseClient client(fixture.server.port(), StreamFixture::log_target(build));
    REQUIRE(client.next());
    CHECK(log->followers() == idle + 1);
    CHECK(fixture.server.events.listeners() == 1);
    client.disconnect();
    StreamFixture::wait_until([&] { return log->followers() == idle; });
    StreamFixture::wait_until([&] { return fixture.server.events.listeners() == 0; });
  }
  log->write("nobody listens\n");  // and nothing breaks
  log->close();
}

TEST_CASE("a client that reads slower than the log grows is cut off") {
  StreamFixture fixture;
  const RunningAction build = fixture.running_build();
  auto log = fixture.open_log(build);
  const std::size_t idle = log->followers();
  // A small window: the server's writes stall as soon as the socket buffers are full.
  SseClient client(fixture.server.port(), StreamFixture::log_target(build), {}, 4096);
  REQUIRE(client.next());
  const std::string line(1023, 'x');
  std::size_t written = 0;
  // Far more than the 1 MiB queue and the socket buffers together; stops once cut off.
  while (written < 64 * 1024 * 1024 && log->followers() > idle) {
    log->write(line + "\n");
    written += line.size() + 1;
  }
  StreamFixture::wait_until([&] { return log->followers() == idle; });
  const std::size_t received = client.drain();
  CHECK_FALSE(client.ended_cleanly());
  CHECK(received < written);
  CHECK(fixture.server.events.listeners() == 0);
  log->close();
}

TEST_CASE("a refusal from authorize is the answer and no stream opens") {
  StreamFixture fixture;
  const RunningAction build = fixture.running_build();
  fixture.refusal = lockstep::server::error_response(lockstep::server::http::status::unauthorized,
                                                     "A bearer token is required.");
  const auto result = http_get(fixture.server.port(), StreamFixture::log_target(build));
  CHECK(result.status == 401);
  CHECK_THAT(result.body, Catch::Contains("A bearer token is required."));
  CHECK(fixture.server.events.listeners() == 0);
}

TEST_CASE("a follower that comes before the action opens its log gets every line") {
  StreamFixture fixture;
  const RunningAction build = fixture.running_build();
  // Announced as started, but its executor has not opened the log yet.
  SseClient client(fixture.server.port(), StreamFixture::log_target(build));
  REQUIRE(client.head().status == 200);
  REQUIRE(client.next());  // the opening comment
  auto log = fixture.open_log(build);
  log->write("first\nsecond\n");
  auto lines = client.next_event();
  REQUIRE(lines);
  CHECK(lines->event == "log");
  CHECK(lines->data == "first\nsecond");
  log->write("third\n");
  auto more = client.next_event();
  REQUIRE(more);
  CHECK(more->data == "third");
  log->close();
  REQUIRE(fixture.server.executor.complete("build", ActionOutcome::Succeeded, "built"));
  auto status = client.next_event();
  REQUIRE(status);
  CHECK(status_of(*status)["status"] == "Succeeded");
  CHECK_FALSE(client.next_event());
  CHECK(client.ended_cleanly());
}

TEST_CASE("a follower of an action that ends without ever opening a log gets its status") {
  StreamFixture fixture;
  const RunningAction build = fixture.running_build();
  SseClient client(fixture.server.port(), StreamFixture::log_target(build));
  REQUIRE(client.head().status == 200);
  REQUIRE(client.next());  // the opening comment
  REQUIRE(fixture.server.executor.complete("build", ActionOutcome::Failed, "no slot"));
  auto status = client.next_event();
  REQUIRE(status);
  CHECK(status_of(*status) == nlohmann::json{{"status", "Failed"}, {"summary", "no slot"}});
  CHECK_FALSE(client.next_event());
  CHECK(client.ended_cleanly());
}

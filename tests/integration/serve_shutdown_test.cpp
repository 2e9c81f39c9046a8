// Stopping `lockstep serve`: SIGTERM and SIGINT end it cleanly (exit 0) in well under a second,
// even with a client connected.
#include <catch2/catch.hpp>

#include "tests/integration/lockstep_process.hpp"
#include "tests/support/http_client.hpp"

using namespace lockstep::testing;
using std::chrono::milliseconds;

TEST_CASE("SIGTERM stops serve with exit 0 within a second", "[serve]") {
  TempDir dir;
  ServerProcess server(dir / "data");
  REQUIRE(http_get(server.port(), "/healthz").status == 200);
  const auto [status, took] = server.stop(SIGTERM);
  CHECK(status == 0);
  CHECK(took < milliseconds(1000));
  CHECK_THAT(server.process().err(), Catch::Contains("received SIGTERM, stopping"));
  CHECK_THAT(server.process().err(), Catch::Contains("stopped"));
}

TEST_CASE("SIGINT stops serve with exit 0 within a second", "[serve]") {
  TempDir dir;
  ServerProcess server(dir / "data");
  const auto [status, took] = server.stop(SIGINT);
  CHECK(status == 0);
  CHECK(took < milliseconds(1000));
  CHECK_THAT(server.process().err(), Catch::Contains("received SIGINT, stopping"));
}

TEST_CASE("an idle kept-alive connection does not delay the stop", "[serve]") {
  TempDir dir;
  ServerProcess server(dir / "data");
  HttpConnection connection("127.0.0.1", server.port());
  REQUIRE(connection.request("GET", "/healthz").status == 200);
  const auto [status, took] = server.stop(SIGTERM);
  CHECK(status == 0);
  CHECK(took < milliseconds(1000));
  CHECK(connection.closed_by_server());
}

TEST_CASE("a half-sent request does not delay the stop", "[serve]") {
  TempDir dir;
  ServerProcess server(dir / "data");
  HttpConnection connection("127.0.0.1", server.port());
  connection.send_raw("GET /healthz HTTP/1.1\r\nHost: x\r\n");
  // The server has the bytes once it answers a request on another connection.
  REQUIRE(http_get(server.port(), "/healthz").status == 200);
  const auto [status, took] = server.stop(SIGTERM);
  CHECK(status == 0);
  CHECK(took < milliseconds(1000));
}

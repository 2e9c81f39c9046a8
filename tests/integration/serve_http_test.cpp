// `lockstep serve` over HTTP: health, unknown paths and methods, keep-alive, request limits.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "tests/integration/lockstep_process.hpp"
#include "tests/support/http_client.hpp"

using namespace lockstep::testing;

TEST_CASE("GET /healthz answers 200 with status ok", "[serve]") {
  TempDir dir;
  ServerProcess server(dir / "data");
  const auto response = http_get(server.port(), "/healthz");
  CHECK(response.status == 200);
  CHECK(response.header("content-type") == "application/json");
  CHECK(nlohmann::json::parse(response.body) == nlohmann::json{{"status", "ok"}});
  CHECK(server.stop().first == 0);
}

TEST_CASE("a query string does not change the route", "[serve]") {
  TempDir dir;
  ServerProcess server(dir / "data");
  CHECK(http_get(server.port(), "/healthz?verbose=1&x=%20").status == 200);
}

TEST_CASE("an unknown path answers 404 with a JSON message", "[serve]") {
  TempDir dir;
  ServerProcess server(dir / "data");
  const auto response = http_get(server.port(), "/no/such/thing");
  CHECK(response.status == 404);
  CHECK(response.header("content-type") == "application/json");
  const auto body = nlohmann::json::parse(response.body);
  CHECK(body.at("message") == "No resource at /no/such/thing.");
}

TEST_CASE("a known path with another method answers 405 with Allow", "[serve]") {
  TempDir dir;
  ServerProcess server(dir / "data");
  const auto response = http_request(server.port(), "POST", "/healthz", "{}");
  CHECK(response.status == 405);
  CHECK(response.header("allow") == "GET");
  CHECK(nlohmann::json::parse(response.body).contains("message"));
}

TEST_CASE("one connection serves several requests", "[serve]") {
  TempDir dir;
  ServerProcess server(dir / "data");
  HttpConnection connection("127.0.0.1", server.port());
  for (int i = 0; i < 3; ++i) {
    const auto response = connection.request("GET", "/healthz");
    CHECK(response.status == 200);
    CHECK(response.header("connection") != "close");
  }
  const auto last = connection.request("GET", "/healthz", "", false);
  CHECK(last.status == 200);
  CHECK(connection.closed_by_server());
}

TEST_CASE("request headers over 8 KiB are refused with 431", "[serve]") {
  TempDir dir;
  ServerProcess server(dir / "data");
  HttpConnection connection("127.0.0.1", server.port());
  connection.send_raw("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(9000, 'a') +
                      "\r\n\r\n");
  const auto response = connection.read_response();
  CHECK(response.status == 431);
  CHECK(connection.closed_by_server());
}

TEST_CASE("a request body over 64 KiB is refused with 413", "[serve]") {
  TempDir dir;
  ServerProcess server(dir / "data");
  HttpConnection connection("127.0.0.1", server.port());
  const std::string body(1024 * 1024, 'a');  // far past the limit: the server must drain it
  const auto response = connection.request("POST", "/healthz", body);
  CHECK(response.status == 413);
}

TEST_CASE("a request that is not HTTP is answered 400", "[serve]") {
  TempDir dir;
  ServerProcess server(dir / "data");
  HttpConnection connection("127.0.0.1", server.port());
  connection.send_raw("HELLO THERE\r\n\r\n");
  const auto response = connection.read_response();
  CHECK(response.status == 400);
  CHECK(nlohmann::json::parse(response.body).contains("message"));
  CHECK(connection.closed_by_server());
}

TEST_CASE("serve creates the data directory and its database", "[serve]") {
  TempDir dir;
  ServerProcess server(dir / "nested/data");
  CHECK(std::filesystem::exists(dir / "nested/data/lockstep.db"));
}

TEST_CASE("a port already in use stops serve with exit 1", "[serve]") {
  TempDir dir;
  ServerProcess first(dir / "one");
  const auto second =
      run_lockstep({"serve", "--listen", "127.0.0.1:" + std::to_string(first.port()), "--data-dir",
                    (dir / "two").string()});
  CHECK(second.status == 1);
  CHECK_THAT(second.err,
             Catch::Contains("cannot listen on 127.0.0.1:" + std::to_string(first.port())));
}

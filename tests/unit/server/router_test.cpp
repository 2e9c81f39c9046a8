// Routes that answer later and routes with their own body limits, served over real loopback HTTP.
#include <catch2/catch.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "server/http_listener.hpp"
#include "server/json_response.hpp"
#include "server/router.hpp"
#include "tests/support/http_client.hpp"

namespace {

using lockstep::server::HttpListener;
using lockstep::server::HttpResponse;
using lockstep::server::Respond;
using lockstep::server::RouteOptions;
using lockstep::server::Router;
using lockstep::server::RouteRequest;
namespace http = boost::beast::http;
namespace asio = boost::asio;

HttpResponse text(std::string body) {
  HttpResponse response(http::status::ok, 11);
  response.set(http::field::content_type, "text/plain");
  response.body() = std::move(body);
  return response;
}

// A listener on 127.0.0.1:0 served by one background thread for the test's lifetime.
class Served {
 public:
  explicit Served(Router& router)
      : listener_(io_, asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0), router) {
    listener_.start();
    thread_ = std::thread([this] { io_.run(); });
  }
  ~Served() {
    listener_.stop();
    thread_.join();
  }
  std::uint16_t port() const { return listener_.local_endpoint().port(); }

 private:
  asio::io_context io_;
  HttpListener listener_;
  std::thread thread_;
};

// Holds the answer of a request until the test releases it from its own thread.
class Parked {
 public:
  void park(Respond respond, std::string body) {
    std::lock_guard lock(mutex_);
    respond_ = std::move(respond);
    body_ = std::move(body);
    changed_.notify_all();
  }
  void release_when_parked() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [this] { return respond_ != nullptr; });
    Respond respond = std::move(respond_);
    respond_ = nullptr;
    lock.unlock();
    std::thread([respond = std::move(respond), body = "answered later: " + body_] {
      respond(text(body));
    }).join();
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  Respond respond_;
  std::string body_;
};

}  // namespace

TEST_CASE("an async route answers from another thread after the handler returned", "[router]") {
  Router router;
  Parked parked;
  router.add_async(
      http::verb::post, "/later/{name}", [&parked](const RouteRequest& request, Respond respond) {
        parked.park(std::move(respond), request.parameters.at("name") + " " + request.http.body());
      });
  Served served(router);
  std::optional<lockstep::testing::HttpResult> result;
  std::thread client([&] {
    result = lockstep::testing::http_request(served.port(), "POST", "/later/build", "payload");
  });
  parked.release_when_parked();
  client.join();
  REQUIRE(result);
  CHECK(result->status == 200);
  CHECK(result->body == "answered later: build payload");
}

TEST_CASE("only the first answer of an async route reaches the client", "[router]") {
  Router router;
  router.add_async(http::verb::get, "/twice", [](const RouteRequest&, Respond respond) {
    respond(text("first"));
    respond(text("second"));
  });
  Served served(router);
  lockstep::testing::HttpConnection connection("127.0.0.1", served.port());
  const auto first = connection.request("GET", "/twice");
  const auto again = connection.request("GET", "/twice");
  CHECK(first.body == "first");
  CHECK(again.body == "first");
}

TEST_CASE("a route with a larger body limit accepts what the default refuses", "[router]") {
  Router router;
  auto size = [](const RouteRequest& request) {
    return text(std::to_string(request.http.body().size()));
  };
  router.add(http::verb::post, "/small", size);
  router.add(http::verb::post, "/large", size, RouteOptions{2 * 1024 * 1024});
  Served served(router);
  const std::string body(1024 * 1024, 'x');

  const auto large = lockstep::testing::http_request(served.port(), "POST", "/large", body);
  CHECK(large.status == 200);
  CHECK(large.body == std::to_string(body.size()));

  const auto small = lockstep::testing::http_request(served.port(), "POST", "/small", body);
  CHECK(small.status == 413);
  CHECK_THAT(small.body, Catch::Contains("64 KiB"));

  const auto over = lockstep::testing::http_request(served.port(), "POST", "/large",
                                                    std::string(3 * 1024 * 1024, 'y'));
  CHECK(over.status == 413);
  CHECK_THAT(over.body, Catch::Contains("2 MiB"));
}

TEST_CASE("a throwing async handler answers 500 and the connection keeps serving", "[router]") {
  Router router;
  router.add_async(http::verb::get, "/broken",
                   [](const RouteRequest&, Respond) { throw std::runtime_error("handler bug"); });
  router.add(http::verb::get, "/fine", [](const RouteRequest&) { return text("fine"); });
  Served served(router);
  lockstep::testing::HttpConnection connection("127.0.0.1", served.port());
  CHECK(connection.request("GET", "/broken").status == 500);
  CHECK(connection.request("GET", "/fine").body == "fine");
}

TEST_CASE("the body limit is looked up by method and path", "[router]") {
  Router router;
  router.add(
      http::verb::post, "/webhooks/{provider}", [](const RouteRequest&) { return text(""); },
      RouteOptions{25 * 1024 * 1024});
  CHECK(router.body_limit(http::verb::post, "/webhooks/github") == 25 * 1024 * 1024);
  CHECK(router.body_limit(http::verb::post, "/webhooks/github?x=1") == 25 * 1024 * 1024);
  CHECK(router.body_limit(http::verb::get, "/webhooks/github") == RouteOptions{}.body_limit);
  CHECK(router.body_limit(http::verb::post, "/elsewhere") == RouteOptions{}.body_limit);
}

#include "server/router.hpp"

#include <boost/url/parse.hpp>

#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <stdexcept>

#include "server/json_response.hpp"

namespace lockstep::server {

void Router::add(http::verb method, std::string_view pattern, Handler handler,
                 RouteOptions options) {
  add_route(
      method, pattern,
      [handler = std::move(handler)](const RouteRequest& request, Respond respond, OpenStream) {
        respond(handler(request));
      },
      options);
}

void Router::add_async(http::verb method, std::string_view pattern, AsyncHandler handler,
                       RouteOptions options) {
  add_route(
      method, pattern,
      [handler = std::move(handler)](const RouteRequest& request, Respond respond, OpenStream) {
        handler(request, std::move(respond));
      },
      options);
}

void Router::add_stream(http::verb method, std::string_view pattern, StreamHandler handler,
                        RouteOptions options) {
  add_route(method, pattern, std::move(handler), options);
}

void Router::add_route(http::verb method, std::string_view pattern, StreamHandler handler,
                       RouteOptions options) {
  if (!pattern.starts_with('/')) {
    throw std::invalid_argument("route pattern is not an absolute path: " + std::string(pattern));
  }
  // Split by hand: "{name}" segments are not valid URL path characters.
  std::vector<std::string> segments;
  std::string_view rest = pattern.substr(1);
  while (!rest.empty()) {
    const auto slash = rest.find('/');
    segments.emplace_back(rest.substr(0, slash));
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
  }
  routes_.push_back(
      {method, std::string(pattern), std::move(segments), std::move(handler), options});
}

bool Router::match(const Route& route, boost::urls::url_view url,
                   std::map<std::string, std::string>& parameters) {
  const auto segments = url.segments();
  if (segments.size() != route.segments.size()) return false;
  parameters.clear();
  auto actual = segments.begin();
  for (const std::string& expected : route.segments) {
    const std::string value = *actual++;
    if (expected.size() > 2 && expected.front() == '{' && expected.back() == '}') {
      parameters[expected.substr(1, expected.size() - 2)] = value;
    } else if (expected != value) {
      return false;
    }
  }
  return true;
}

std::size_t Router::body_limit(http::verb method, std::string_view target) const {
  const auto url = boost::urls::parse_origin_form(target);
  if (!url) return RouteOptions{}.body_limit;
  std::map<std::string, std::string> parameters;
  for (const Route& route : routes_) {
    if (route.method == method && match(route, *url, parameters)) return route.options.body_limit;
  }
  return RouteOptions{}.body_limit;
}

namespace {

// Keeps the route's view of the request alive until the handler answers, and lets only the
// first answer through.
struct PendingAnswer {
  PendingAnswer(const HttpRequest& http, boost::urls::url_view url,
                std::map<std::string, std::string> parameters, Respond answer)
      : request{http, url, std::move(parameters)}, respond(std::move(answer)) {}
  RouteRequest request;
  Respond respond;
  std::atomic<bool> answered{false};
  std::chrono::steady_clock::time_point began = std::chrono::steady_clock::now();
};

double seconds_since(std::chrono::steady_clock::time_point began) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
}

}  // namespace

void Router::answer(const HttpRequest& request, std::string_view route, const Respond& respond,
                    HttpResponse response) const {
  if (observer_) {
    observer_({request.method_string(), request.target(), route, response.result_int(), 0});
  }
  respond(std::move(response));
}

void Router::dispatch(const HttpRequest& request, Respond respond, OpenStream open) const {
  const auto url = boost::urls::parse_origin_form(request.target());
  if (!url) {
    return answer(
        request, "unmatched", respond,
        error_response(http::status::bad_request, "The request target is not a valid path."));
  }
  std::map<std::string, std::string> parameters;
  std::string allowed;  // methods of the patterns that match the path, for 405's Allow header
  for (const Route& route : routes_) {
    if (!match(route, *url, parameters)) continue;
    if (route.method != request.method()) {
      const std::string_view name = http::to_string(route.method);
      if (allowed.find(name) == std::string::npos) {
        allowed += (allowed.empty() ? "" : ", ") + std::string(name);
      }
      continue;
    }
    auto pending =
        std::make_shared<PendingAnswer>(request, *url, std::move(parameters), std::move(respond));
    Respond once = [this, pending, &route](HttpResponse response) {
      if (pending->answered.exchange(true)) return;
      if (observer_) {
        observer_({pending->request.http.method_string(), pending->request.http.target(),
                   route.pattern, response.result_int(), seconds_since(pending->began)});
      }
      pending->respond(std::move(response));
    };
    OpenStream open_once = [this, pending, &route, open = std::move(open)](
                               HttpResponse head) -> std::shared_ptr<EventStream> {
      if (pending->answered.exchange(true)) return nullptr;
      if (observer_) {
        observer_({pending->request.http.method_string(), pending->request.http.target(),
                   route.pattern, head.result_int(), seconds_since(pending->began)});
      }
      if (!open) {
        pending->respond(error_response(http::status::internal_server_error,
                                        "This connection cannot carry a stream."));
        return nullptr;
      }
      return open(std::move(head));
    };
    try {
      route.handler(pending->request, once, open_once);
    } catch (const std::exception& error) {
      spdlog::error("{} {} failed: {}", request.method_string(), url->path(), error.what());
      once(error_response(http::status::internal_server_error,
                          "The server failed to answer this request."));
    }
    return;
  }
  if (!allowed.empty()) {
    HttpResponse response =
        error_response(http::status::method_not_allowed,
                       "Method " + std::string(request.method_string()) + " is not allowed on " +
                           std::string(url->path()) + "; allowed: " + allowed + ".");
    response.set(http::field::allow, allowed);
    return answer(request, "unmatched", respond, std::move(response));
  }
  answer(
      request, "unmatched", respond,
      error_response(http::status::not_found, "No resource at " + std::string(url->path()) + "."));
}

HttpResponse Router::handle(const HttpRequest& request) const {
  auto answered = std::make_shared<std::optional<HttpResponse>>();
  dispatch(request, [answered](HttpResponse response) { *answered = std::move(response); });
  if (*answered) return std::move(**answered);
  return error_response(http::status::internal_server_error,
                        "The server failed to answer this request.");
}

}  // namespace lockstep::server

#include "server/router.hpp"

#include <boost/url/parse.hpp>
#include <boost/url/parse_path.hpp>

#include <spdlog/spdlog.h>

#include <stdexcept>

#include "server/json_response.hpp"

namespace lockstep::server {

void Router::add(http::verb method, std::string_view pattern, Handler handler) {
  const auto path = boost::urls::parse_path(pattern);
  if (!path || !pattern.starts_with('/')) {
    throw std::invalid_argument("route pattern is not an absolute path: " + std::string(pattern));
  }
  std::vector<std::string> segments;
  for (const auto& segment : *path) segments.push_back(segment.decode());
  routes_.push_back({method, std::string(pattern), std::move(segments), std::move(handler)});
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

HttpResponse Router::handle(const HttpRequest& request) const {
  const auto url = boost::urls::parse_origin_form(request.target());
  if (!url) {
    return error_response(http::status::bad_request, "The request target is not a valid path.");
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
    try {
      return route.handler(RouteRequest{request, *url, std::move(parameters)});
    } catch (const std::exception& error) {
      spdlog::error("{} {} failed: {}", request.method_string(), url->path(), error.what());
      return error_response(http::status::internal_server_error,
                            "The server failed to answer this request.");
    }
  }
  if (!allowed.empty()) {
    HttpResponse response =
        error_response(http::status::method_not_allowed,
                       "Method " + std::string(request.method_string()) + " is not allowed on " +
                           std::string(url->path()) + "; allowed: " + allowed + ".");
    response.set(http::field::allow, allowed);
    return response;
  }
  return error_response(http::status::not_found,
                        "No resource at " + std::string(url->path()) + ".");
}

}  // namespace lockstep::server

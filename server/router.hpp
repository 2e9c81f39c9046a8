// Maps a request's method and path to the handler that answers it; routes are added by feature.
#pragma once

#include <boost/beast/http.hpp>
#include <boost/url/url_view.hpp>

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace lockstep::server {

namespace http = boost::beast::http;
using HttpRequest = http::request<http::string_body>;
using HttpResponse = http::response<http::string_body>;

// What a handler sees: the request, its target parsed by Boost.URL, and the path parameters.
struct RouteRequest {
  const HttpRequest& http;
  boost::urls::url_view url;  // path() and params() give the decoded path and query
  std::map<std::string, std::string> parameters;  // "{name}" segments of the pattern, decoded
};

using Handler = std::function<HttpResponse(const RouteRequest&)>;

class Router {
 public:
  // `pattern` is an absolute path; a segment written "{name}" matches any one segment and is
  // passed to the handler as parameters["name"]. Routes added first win when several match.
  void add(http::verb method, std::string_view pattern, Handler handler);

  // Never throws. The response has status and body; the caller sets version and keep-alive.
  // 400 when the target is not a path, 404 when no pattern matches, 405 (with Allow) when a
  // pattern matches under other methods, 500 when the handler throws.
  HttpResponse handle(const HttpRequest& request) const;

 private:
  struct Route {
    http::verb method;
    std::string pattern;
    std::vector<std::string> segments;
    Handler handler;
  };
  static bool match(const Route& route, boost::urls::url_view url,
                    std::map<std::string, std::string>& parameters);

  std::vector<Route> routes_;
};

}  // namespace lockstep::server

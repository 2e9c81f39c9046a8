// Maps a request's method and path to the handler that answers it; routes are added by feature.
#pragma once

#include <boost/beast/http.hpp>
#include <boost/url/url_view.hpp>

#include <cstddef>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "server/event_stream.hpp"

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
// Answers a request; call it exactly once, from any thread. Later calls are ignored.
using Respond = std::function<void(HttpResponse)>;
// A handler that answers later (after the engine committed, say) instead of blocking an I/O
// thread. The RouteRequest, and the request it refers to, stay valid until `respond` is called.
using AsyncHandler = std::function<void(const RouteRequest&, Respond)>;

// Starts a streamed answer: `head` holds the status and headers (its body is ignored); the
// connection then carries the stream and closes when it ends. Call it instead of Respond, at most
// once, from any thread; nullptr when the request was already answered.
using OpenStream = std::function<std::shared_ptr<EventStream>(HttpResponse head)>;
// A handler whose answer may be a stream: it calls exactly one of `respond` (a refusal, an error)
// or `open`. The RouteRequest stays valid until one of them is called: copy what the stream needs.
using StreamHandler = std::function<void(const RouteRequest&, Respond respond, OpenStream open)>;

struct RouteOptions {
  // Bytes of request body accepted; a larger body is refused with 413 before the handler runs.
  std::size_t body_limit = 64 * 1024;
};

// What the router reports about every answered request, for metrics and the request log.
struct AnsweredRequest {
  std::string_view method;
  std::string_view target;
  std::string_view route;  // the matched pattern, or "unmatched"
  unsigned status = 0;
  double seconds = 0;  // from dispatch to answer
};
using RequestObserver = std::function<void(const AnsweredRequest&)>;

class Router {
 public:
  // `pattern` is an absolute path; a segment written "{name}" matches any one segment and is
  // passed to the handler as parameters["name"]. Routes added first win when several match.
  void add(http::verb method, std::string_view pattern, Handler handler, RouteOptions options = {});
  void add_async(http::verb method, std::string_view pattern, AsyncHandler handler,
                 RouteOptions options = {});
  void add_stream(http::verb method, std::string_view pattern, StreamHandler handler,
                  RouteOptions options = {});

  // Called once per answered request, on the answering thread. Set before serving.
  void observe(RequestObserver observer) { observer_ = std::move(observer); }

  // The body limit of the route that would serve a request with this method and target, known
  // from the header alone; the default RouteOptions limit when none matches.
  std::size_t body_limit(http::verb method, std::string_view target) const;

  // Never throws. `respond` gets a response with status and body; the caller sets version and
  // keep-alive. 400 when the target is not a path, 404 when no pattern matches, 405 (with Allow)
  // when a pattern matches under other methods, 500 when the handler throws. `open` serves
  // streaming routes; without it they answer 500.
  void dispatch(const HttpRequest& request, Respond respond, OpenStream open = {}) const;

  // dispatch() for callers that need the answer at once; an async handler that has not answered
  // by the time it returns yields 500.
  HttpResponse handle(const HttpRequest& request) const;

 private:
  struct Route {
    http::verb method;
    std::string pattern;
    std::vector<std::string> segments;
    StreamHandler handler;
    RouteOptions options;
  };
  void add_route(http::verb method, std::string_view pattern, StreamHandler handler,
                 RouteOptions options);
  static bool match(const Route& route, boost::urls::url_view url,
                    std::map<std::string, std::string>& parameters);

  void answer(const HttpRequest& request, std::string_view route, const Respond& respond,
              HttpResponse response) const;

  std::vector<Route> routes_;
  RequestObserver observer_;
};

}  // namespace lockstep::server

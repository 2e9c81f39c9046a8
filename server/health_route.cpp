#include "server/health_route.hpp"

#include "server/json_response.hpp"

namespace lockstep::server {

void add_health_routes(Router& router, const std::atomic<bool>& ready) {
  router.add(http::verb::get, "/healthz", [](const RouteRequest&) {
    return json_response(http::status::ok, {{"status", "ok"}});
  });
  router.add(http::verb::get, "/readyz", [&ready](const RouteRequest&) {
    if (ready.load()) return json_response(http::status::ok, {{"status", "ready"}});
    return json_response(http::status::service_unavailable,
                         {{"status", "recovering"},
                          {"message", "Execution state is still being recovered from storage."}});
  });
}

}  // namespace lockstep::server

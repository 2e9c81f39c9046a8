#include "server/health_route.hpp"

#include "server/json_response.hpp"

namespace lockstep::server {

void add_health_route(Router& router) {
  router.add(http::verb::get, "/healthz", [](const RouteRequest&) {
    return json_response(http::status::ok, {{"status", "ok"}});
  });
}

}  // namespace lockstep::server

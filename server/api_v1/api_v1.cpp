#include "server/api_v1/api_v1.hpp"

#include <spdlog/spdlog.h>

#include "server/api_v1/api_call.hpp"
#include "server/api_v1/api_errors.hpp"
#include "server/api_v1/api_routes.hpp"

namespace lockstep::server::api_v1 {

void add_api_v1_routes(Router& router, ApiV1Deps deps) {
  auto context = std::make_shared<ApiContext>(
      ApiContext{std::move(deps.operations), BearerAuth(deps.tokens, deps.allowUnauthenticated),
                 std::move(deps.dataDir)});
  for (const ApiRoute& route : api_v1_routes()) {
    if (route.handler == nullptr) continue;
    router.add_async(
        route.method, route.path,
        [context, &route](const RouteRequest& request, Respond respond) {
          // Nothing about the request is looked at before its token is checked.
          Authorization authorization = context->auth.authorize(request.http, route.role);
          if (authorization.refusal) {
            respond(std::move(*authorization.refusal));
            return;
          }
          ApiCall call{context, &request, respond, std::move(*authorization.caller)};
          try {
            route.handler(call);
          } catch (const std::exception& error) {
            // Storage errors land here before any answer; a later answer is ignored.
            spdlog::error("{} {} failed: {}", std::string(request.http.method_string()), route.path,
                          error.what());
            respond(api_error(http::status::internal_server_error, "InternalFailure",
                              "The request could not be processed; see the server log"));
          }
        },
        RouteOptions{kBodyLimit});
  }
}

}  // namespace lockstep::server::api_v1

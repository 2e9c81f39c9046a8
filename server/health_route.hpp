// GET /healthz: tells load balancers and container runtimes that the server answers.
#pragma once

#include "server/router.hpp"

namespace lockstep::server {

void add_health_route(Router& router);

}  // namespace lockstep::server

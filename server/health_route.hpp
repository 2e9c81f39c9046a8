// GET /healthz (the process answers) and GET /readyz (storage is open and execution state has
// been recovered, so requests that start or change executions will be served).
#pragma once

#include <atomic>

#include "server/router.hpp"

namespace lockstep::server {

// `ready` must outlive the router; the daemon sets it once recovery has committed.
void add_health_routes(Router& router, const std::atomic<bool>& ready);

}  // namespace lockstep::server

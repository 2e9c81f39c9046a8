// The running server: storage, the pipelines folder, the HTTP listener and signal handling.
#pragma once

#include "config/server_config.hpp"

namespace lockstep::server {

// Returns once SIGINT or SIGTERM has stopped the server (0), or when it cannot start (1, or 2
// for a pipelines folder that does not exist). `config` has passed validation.
int run_daemon(const config::ServerConfig& config);

}  // namespace lockstep::server

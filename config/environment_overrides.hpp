// Applies LOCKSTEP_* environment variables over the configuration read from the file.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "config/server_config.hpp"

namespace lockstep::config {

// Variables this build does not know are ignored: later versions add more (LOCKSTEP_SMTP_URL,
// ...) and one environment often serves several versions. A bad value is a problem whose key
// is the variable's name and whose file is empty.
void apply_environment(const std::map<std::string, std::string>& environment, ServerConfig& config,
                       std::vector<ConfigProblem>& problems);

}  // namespace lockstep::config

// Reads lockstep.yaml onto a ServerConfig, collecting every problem with its line and key.
#pragma once

#include <string>
#include <vector>

#include "config/server_config.hpp"

namespace lockstep::config {

// Values that pass their check replace what `config` held; the others leave it unchanged and
// add a problem. Relative paths are resolved against the file's folder.
void read_config_file(const std::string& file, ServerConfig& config,
                      std::vector<ConfigProblem>& problems);

}  // namespace lockstep::config

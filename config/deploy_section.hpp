// The `deploy` section of lockstep.yaml: which folder each CodeDeploy deployment group (and
// optionally each application in it) and each S3 bucket stands for on this server. Its keys are
// names the user chooses, so it is read here rather than from the fixed table of settings.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "config/server_config.hpp"

namespace lockstep::config {

// Reads `node` (the value of the top-level `deploy` key) onto `deploy`, adding a problem with
// its line for each thing wrong. Relative roots are resolved against `folder`.
void read_deploy_section(const YAML::Node& node, const std::string& file,
                         const std::filesystem::path& folder, ServerConfig::Deploy& deploy,
                         std::vector<ConfigProblem>& problems);

}  // namespace lockstep::config

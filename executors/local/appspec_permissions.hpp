// Reads the `permissions` section of an appspec.yml (BUILDSPEC.md B.2), every problem with its
// line.
#pragma once

#include <yaml-cpp/yaml.h>

#include <functional>
#include <string>
#include <vector>

#include "executors/local/appspec.hpp"

namespace lockstep::executors::local {

using AppSpecProblemSink = std::function<void(int line, std::string path, std::string message)>;

void read_permissions(const YAML::Node& section, std::vector<AppSpecPermission>& permissions,
                      const AppSpecProblemSink& problem);

}  // namespace lockstep::executors::local

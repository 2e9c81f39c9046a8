// Configuration sections whose keys are names the user chooses: codebuild.projects.<ProjectName>
// and secrets.<name>. The fixed settings are in settings.cpp.
#pragma once

#include <yaml-cpp/yaml.h>

#include <functional>
#include <string>
#include <string_view>

#include "config/server_config.hpp"

namespace lockstep::config {

// Reports one problem: line, dotted key, sentence.
using ProblemSink = std::function<void(int, std::string, std::string)>;

bool is_named_section(std::string_view key);

// Reads the top-level section `key` onto `config`, reporting every problem through `problem`.
void read_named_section(const std::string& key, const YAML::Node& value, int key_line,
                        ServerConfig& config, const ProblemSink& problem);

}  // namespace lockstep::config

// The table of every configuration setting: its key in lockstep.yaml, its LOCKSTEP_* variable,
// where it lives in ServerConfig and the rule its value follows.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "config/server_config.hpp"
#include "config/value_checks.hpp"

namespace lockstep::config {

struct Setting {
  std::string_view key;          // dotted path in the file, e.g. "server.listen"
  std::string_view environment;  // the variable that overrides it, e.g. "LOCKSTEP_LISTEN"
  std::string& (*field)(ServerConfig&);
  Check check;
  // Relative paths written in a file mean "next to the file", so a config works from any cwd.
  bool is_path = false;
};

// In the order lockstep.yaml documents them.
std::span<const Setting> settings();

const Setting* find_setting(std::string_view key);

}  // namespace lockstep::config

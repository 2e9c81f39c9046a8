// The table of every configuration setting: its key in lockstep.yaml, its LOCKSTEP_* variable,
// where it lives in ServerConfig and the rule its value follows.
#pragma once

#include <map>
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

// A map of names to values, such as a secret per repository: read from the file only (one
// variable cannot carry a map).
struct MapSetting {
  std::string_view key;
  std::map<std::string, std::string>& (*field)(ServerConfig&);
  Check check_name;
  Check check_value;
};

// In the order lockstep.yaml documents them.
std::span<const Setting> settings();
std::span<const MapSetting> map_settings();

const Setting* find_setting(std::string_view key);
const MapSetting* find_map_setting(std::string_view key);

}  // namespace lockstep::config

// The commands of the `lockstep` program, each implemented in its own *_command.cpp.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace lockstep::server {

// A command-line flag that overrides a configuration setting.
struct SettingFlag {
  std::string flag;  // as typed, for problems: "--listen"
  std::string key;   // the setting, as config/settings.hpp names it: "server.listen"
  std::string value;
};

struct ServeOptions {
  std::optional<std::string> config_file;
  std::vector<SettingFlag> settings;  // in command-line order; a later one wins
};

// Exit status: 0 after a clean stop on SIGINT/SIGTERM, 1 when the server cannot run (storage,
// listening), 2 when the configuration is invalid.
int run_serve(const ServeOptions& options);

// Exit status: 0 when every file is valid, 1 when one is not, 2 when one cannot be read.
int run_validate(const std::vector<std::string>& files);

int run_version();

}  // namespace lockstep::server

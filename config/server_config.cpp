#include "config/server_config.hpp"

#include <unistd.h>

#include <charconv>

#include "config/config_file.hpp"
#include "config/environment_overrides.hpp"

namespace lockstep::config {

LoadedConfig load_config(const std::optional<std::string>& file,
                         const std::map<std::string, std::string>& environment) {
  LoadedConfig loaded;
  if (file) read_config_file(*file, loaded.config, loaded.problems);
  // {env: VAR} secrets take their value now, so a value is never written into the file.
  for (auto& [name, secret] : loaded.config.secrets) {
    if (secret.env.empty()) continue;
    const auto found = environment.find(secret.env);
    if (found == environment.end()) {
      loaded.problems.push_back({file.value_or(""), secret.line, "secrets." + name,
                                 "takes its value from " + secret.env + ", which is not set"});
    } else {
      secret.value = found->second;
    }
  }
  apply_environment(environment, loaded.config, loaded.problems);
  read_repository_secrets(environment, file.value_or(""), loaded.config.repositories,
                          loaded.problems);
  return loaded;
}

std::chrono::seconds polling_interval(const ServerConfig& config) {
  int seconds = 0;
  const std::string& text = config.polling.interval_seconds;
  std::from_chars(text.data(), text.data() + text.size(), seconds);
  return std::chrono::seconds(seconds > 0 ? seconds : 60);
}

std::map<std::string, std::string> process_environment() {
  std::map<std::string, std::string> variables;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    const std::string text(*entry);
    const auto equals = text.find('=');
    if (equals == std::string::npos) continue;
    variables.emplace(text.substr(0, equals), text.substr(equals + 1));
  }
  return variables;
}

}  // namespace lockstep::config

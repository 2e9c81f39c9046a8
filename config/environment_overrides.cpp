#include "config/environment_overrides.hpp"

#include "config/settings.hpp"

namespace lockstep::config {

void apply_environment(const std::map<std::string, std::string>& environment, ServerConfig& config,
                       std::vector<ConfigProblem>& problems) {
  for (const Setting& setting : settings()) {
    const auto found = environment.find(std::string(setting.environment));
    if (found == environment.end()) continue;
    if (const auto problem = setting.check(found->second)) {
      problems.push_back({"", 0, found->first, *problem});
      continue;
    }
    // Relative paths from the environment mean the working directory, as in a shell.
    setting.field(config) = found->second;
  }
}

}  // namespace lockstep::config

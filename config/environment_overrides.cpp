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
  // An admin token for the REST API, the counterpart of the admin key pair below.
  if (const auto token = environment.find("LOCKSTEP_API_TOKEN"); token != environment.end()) {
    if (const auto problem = check_api_token(token->second)) {
      problems.push_back({"", 0, token->first, *problem});
    } else {
      config.api.tokens.push_back({"LOCKSTEP_API_TOKEN", token->second, "admin"});
    }
  }
  // The admin key pair, as MinIO's root user: both variables or neither.
  const auto id = environment.find("LOCKSTEP_ACCESS_KEY_ID");
  const auto secret = environment.find("LOCKSTEP_SECRET_ACCESS_KEY");
  if (id == environment.end() && secret == environment.end()) return;
  if (id == environment.end() || secret == environment.end()) {
    const bool has_id = id != environment.end();
    problems.push_back({"", 0, has_id ? "LOCKSTEP_ACCESS_KEY_ID" : "LOCKSTEP_SECRET_ACCESS_KEY",
                        std::string("is set but ") +
                            (has_id ? "LOCKSTEP_SECRET_ACCESS_KEY" : "LOCKSTEP_ACCESS_KEY_ID") +
                            " is not; set both to add the admin key pair"});
    return;
  }
  bool ok = true;
  if (const auto problem = check_access_key_id(id->second)) {
    problems.push_back({"", 0, id->first, *problem});
    ok = false;
  }
  if (const auto problem = check_secret_access_key(secret->second)) {
    problems.push_back({"", 0, secret->first, *problem});
    ok = false;
  }
  if (ok) config.auth.access_keys.push_back({id->second, secret->second});
}

}  // namespace lockstep::config

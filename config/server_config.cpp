#include "config/server_config.hpp"

#include <unistd.h>

#include <charconv>

#include "config/config_file.hpp"
#include "config/environment_overrides.hpp"

namespace lockstep::config {

namespace {

// Rules that tie several notification settings together, checked once file and environment
// have both been applied.
void check_notifications(const std::map<std::string, std::string>& environment,
                         const ServerConfig& config, std::vector<ConfigProblem>& problems) {
  const auto& smtp = config.notifications.smtp;
  const auto problem = [&](const char* key, std::string message) {
    problems.push_back({"", 0, key, std::move(message)});
  };
  if (!smtp_url(config).empty() && smtp.from.empty()) {
    problem("notifications.smtp.from",
            "must be set when an SMTP server is configured: mail needs a sender address");
  }
  if (!smtp.password.empty() && !smtp.password_env.empty()) {
    problem("notifications.smtp.password_env",
            "cannot be set together with notifications.smtp.password; keep one of them");
  }
  if (!smtp.password_env.empty() && environment.count(smtp.password_env) == 0) {
    problem("notifications.smtp.password_env",
            "names the variable " + smtp.password_env + ", which is not set");
  }
}

// A certificate without its key (or the reverse) would serve neither HTTPS nor what was meant.
void check_tls(const ServerConfig& config, std::vector<ConfigProblem>& problems) {
  const auto& tls = config.server.tls;
  if (!tls.certificate.empty() && tls.private_key.empty()) {
    problems.push_back(
        {"", 0, "server.tls.private_key", "must be set together with server.tls.certificate"});
  }
  if (tls.certificate.empty() && !tls.private_key.empty()) {
    problems.push_back(
        {"", 0, "server.tls.certificate", "must be set together with server.tls.private_key"});
  }
}

}  // namespace

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
  check_notifications(environment, loaded.config, loaded.problems);
  check_tls(loaded.config, loaded.problems);
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

std::chrono::hours delivery_retention(const ServerConfig& config) {
  int hours = 0;
  const std::string& text = config.webhooks.delivery_retention_hours;
  std::from_chars(text.data(), text.data() + text.size(), hours);
  return std::chrono::hours(hours > 0 ? hours : 72);
}

std::string smtp_url(const ServerConfig& config) {
  const auto& smtp = config.notifications.smtp;
  if (!smtp.url.empty()) return smtp.url;
  if (smtp.host.empty()) return {};
  return "smtp://" + smtp.host + ":" + smtp.port;
}

std::string smtp_password(const ServerConfig& config,
                          const std::map<std::string, std::string>& environment) {
  const auto& smtp = config.notifications.smtp;
  if (smtp.password_env.empty()) return smtp.password;
  const auto it = environment.find(smtp.password_env);
  return it == environment.end() ? std::string() : it->second;
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

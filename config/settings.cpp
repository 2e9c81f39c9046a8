#include "config/settings.hpp"

#include <array>

namespace lockstep::config {
namespace {

// One row per setting; adding a setting here makes the file reader and the environment accept
// it. Document it in config/examples/lockstep.yaml too (a unit test checks that).
const std::array<Setting, 28> kSettings{{
    {"server.listen", "LOCKSTEP_LISTEN",
     [](ServerConfig& c) -> std::string& { return c.server.listen; }, check_listen},
    {"server.public_url", "LOCKSTEP_PUBLIC_URL",
     [](ServerConfig& c) -> std::string& { return c.server.public_url; }, check_public_url},
    {"server.tls.certificate", "LOCKSTEP_TLS_CERTIFICATE",
     [](ServerConfig& c) -> std::string& { return c.server.tls.certificate; }, check_optional_path,
     true},
    {"server.tls.private_key", "LOCKSTEP_TLS_PRIVATE_KEY",
     [](ServerConfig& c) -> std::string& { return c.server.tls.private_key; }, check_optional_path,
     true},
    {"data_dir", "LOCKSTEP_DATA_DIR", [](ServerConfig& c) -> std::string& { return c.data_dir; },
     check_required_path, true},
    {"pipelines_dir", "LOCKSTEP_PIPELINES_DIR",
     [](ServerConfig& c) -> std::string& { return c.pipelines_dir; }, check_optional_path, true},
    {"log.level", "LOCKSTEP_LOG_LEVEL", [](ServerConfig& c) -> std::string& { return c.log.level; },
     check_log_level},
    {"log.format", "LOCKSTEP_LOG_FORMAT",
     [](ServerConfig& c) -> std::string& { return c.log.format; }, check_log_format},
    {"aws.region", "LOCKSTEP_AWS_REGION",
     [](ServerConfig& c) -> std::string& { return c.aws.region; }, check_region},
    {"aws.account_id", "LOCKSTEP_AWS_ACCOUNT_ID",
     [](ServerConfig& c) -> std::string& { return c.aws.account_id; }, check_account_id},
    {"aws.endpoint_url", "LOCKSTEP_AWS_ENDPOINT_URL",
     [](ServerConfig& c) -> std::string& { return c.aws.endpoint_url; }, check_optional_web_url},
    {"aws.access_key_id", "LOCKSTEP_AWS_ACCESS_KEY_ID",
     [](ServerConfig& c) -> std::string& { return c.aws.access_key_id; }, check_single_line},
    {"aws.secret_access_key", "LOCKSTEP_AWS_SECRET_ACCESS_KEY",
     [](ServerConfig& c) -> std::string& { return c.aws.secret_access_key; }, check_single_line},
    {"aws.session_token", "LOCKSTEP_AWS_SESSION_TOKEN",
     [](ServerConfig& c) -> std::string& { return c.aws.session_token; }, check_single_line},
    {"polling.interval_seconds", "LOCKSTEP_POLLING_INTERVAL_SECONDS",
     [](ServerConfig& c) -> std::string& { return c.polling.interval_seconds; },
     check_interval_seconds},
    {"webhooks.github.secret", "LOCKSTEP_GITHUB_WEBHOOK_SECRET",
     [](ServerConfig& c) -> std::string& { return c.webhooks.github.secret; },
     check_webhook_secret},
    {"webhooks.gitlab.token", "LOCKSTEP_GITLAB_WEBHOOK_TOKEN",
     [](ServerConfig& c) -> std::string& { return c.webhooks.gitlab.token; }, check_webhook_secret},
    {"webhooks.delivery_retention_hours", "LOCKSTEP_WEBHOOK_DELIVERY_RETENTION_HOURS",
     [](ServerConfig& c) -> std::string& { return c.webhooks.delivery_retention_hours; },
     check_retention_hours},
    {"notifications.smtp.url", "LOCKSTEP_SMTP_URL",
     [](ServerConfig& c) -> std::string& { return c.notifications.smtp.url; }, check_smtp_url},
    {"notifications.smtp.host", "LOCKSTEP_SMTP_HOST",
     [](ServerConfig& c) -> std::string& { return c.notifications.smtp.host; },
     check_optional_host},
    {"notifications.smtp.port", "LOCKSTEP_SMTP_PORT",
     [](ServerConfig& c) -> std::string& { return c.notifications.smtp.port; }, check_port},
    {"notifications.smtp.starttls", "LOCKSTEP_SMTP_STARTTLS",
     [](ServerConfig& c) -> std::string& { return c.notifications.smtp.starttls; }, check_boolean},
    {"notifications.smtp.username", "LOCKSTEP_SMTP_USERNAME",
     [](ServerConfig& c) -> std::string& { return c.notifications.smtp.username; },
     check_single_line},
    {"notifications.smtp.password", "LOCKSTEP_SMTP_PASSWORD",
     [](ServerConfig& c) -> std::string& { return c.notifications.smtp.password; },
     check_single_line},
    {"notifications.smtp.password_env", "LOCKSTEP_SMTP_PASSWORD_ENV",
     [](ServerConfig& c) -> std::string& { return c.notifications.smtp.password_env; },
     check_variable_name},
    {"notifications.smtp.from", "LOCKSTEP_SMTP_FROM",
     [](ServerConfig& c) -> std::string& { return c.notifications.smtp.from; },
     check_optional_mail_address},
    {"notifications.webhook_url", "LOCKSTEP_NOTIFICATION_WEBHOOK_URL",
     [](ServerConfig& c) -> std::string& { return c.notifications.webhook_url; },
     check_optional_web_url},
    {"auth.allow_unauthenticated", "LOCKSTEP_ALLOW_UNAUTHENTICATED",
     [](ServerConfig& c) -> std::string& { return c.auth.allow_unauthenticated; }, check_boolean},
}};

const std::array<MapSetting, 2> kMapSettings{{
    {"webhooks.github.secrets",
     [](ServerConfig& c) -> std::map<std::string, std::string>& {
       return c.webhooks.github.secrets;
     },
     check_repository_name, check_webhook_secret},
    {"webhooks.gitlab.tokens",
     [](ServerConfig& c) -> std::map<std::string, std::string>& {
       return c.webhooks.gitlab.tokens;
     },
     check_repository_name, check_webhook_secret},
}};

}  // namespace

std::span<const Setting> settings() {
  return kSettings;
}

std::span<const MapSetting> map_settings() {
  return kMapSettings;
}

const MapSetting* find_map_setting(std::string_view key) {
  for (const MapSetting& setting : kMapSettings) {
    if (setting.key == key) return &setting;
  }
  return nullptr;
}

const Setting* find_setting(std::string_view key) {
  for (const Setting& setting : kSettings) {
    if (setting.key == key) return &setting;
  }
  return nullptr;
}

}  // namespace lockstep::config

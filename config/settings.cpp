#include "config/settings.hpp"

#include <array>

namespace lockstep::config {
namespace {

// One row per setting; adding a setting here makes the file reader and the environment accept
// it. Document it in config/examples/lockstep.yaml too (a unit test checks that).
const std::array<Setting, 9> kSettings{{
    {"server.listen", "LOCKSTEP_LISTEN",
     [](ServerConfig& c) -> std::string& { return c.server.listen; }, check_listen},
    {"server.public_url", "LOCKSTEP_PUBLIC_URL",
     [](ServerConfig& c) -> std::string& { return c.server.public_url; }, check_public_url},
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
    {"auth.allow_unauthenticated", "LOCKSTEP_ALLOW_UNAUTHENTICATED",
     [](ServerConfig& c) -> std::string& { return c.auth.allow_unauthenticated; }, check_boolean},
}};

}  // namespace

std::span<const Setting> settings() {
  return kSettings;
}

const Setting* find_setting(std::string_view key) {
  for (const Setting& setting : kSettings) {
    if (setting.key == key) return &setting;
  }
  return nullptr;
}

}  // namespace lockstep::config

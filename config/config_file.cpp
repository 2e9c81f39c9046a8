#include "config/config_file.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "config/deploy_section.hpp"
#include "config/named_sections.hpp"
#include "config/repository_config.hpp"
#include "config/settings.hpp"
#include "config/value_checks.hpp"

namespace lockstep::config {
namespace {

int line_of(const YAML::Node& node) {
  const YAML::Mark mark = node.Mark();
  return mark.is_null() ? 0 : mark.line + 1;
}

std::string describe(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map:
      return "a map";
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Scalar:
      return "a value";
    default:
      return "nothing";
  }
}

std::string join_key(const std::string& prefix, const std::string& key) {
  return prefix.empty() ? key : prefix + "." + key;
}

// notifications.pipelines.<name>.emails: keyed by pipeline names, so it has no fixed settings.
constexpr std::string_view kPipelineRecipients = "notifications.pipelines";
// Settings whose value is a list of maps, read by their own code below rather than the table.
constexpr std::string_view kAccessKeys = "auth.access_keys";
constexpr std::string_view kApiTokens = "api.tokens";

// The keys allowed directly under `prefix` ("" for the top level), in documentation order.
std::vector<std::string> allowed_keys(const std::string& prefix) {
  const std::string start = prefix.empty() ? "" : prefix + ".";
  std::vector<std::string> keys;
  auto consider = [&](std::string_view key) {
    if (!key.starts_with(start)) return;
    const std::string_view rest = key.substr(start.size());
    std::string next(rest.substr(0, rest.find('.')));
    if (std::find(keys.begin(), keys.end(), next) == keys.end()) keys.push_back(std::move(next));
  };
  for (const Setting& setting : settings()) consider(setting.key);
  for (const MapSetting& setting : map_settings()) consider(setting.key);
  consider(kAccessKeys);
  consider(kApiTokens);
  // Top-level sections read by their own readers, not described by the settings table.
  if (prefix.empty()) {
    for (const char* section : {"deploy", "codebuild", "secrets", "repositories"}) {
      keys.emplace_back(section);
    }
  }
  if (prefix == kPipelineRecipients.substr(0, kPipelineRecipients.find('.'))) {
    keys.emplace_back(kPipelineRecipients.substr(kPipelineRecipients.find('.') + 1));
  }
  return keys;
}

std::string comma_list(const std::vector<std::string>& items) {
  std::string text;
  for (const std::string& item : items) text += (text.empty() ? "" : ", ") + item;
  return text;
}

class Reader {
 public:
  Reader(const std::string& file, ServerConfig& config, std::vector<ConfigProblem>& problems)
      : file_(file),
        folder_(std::filesystem::path(file).parent_path()),
        config_(config),
        problems_(problems) {}

  void read_section(const YAML::Node& map, const std::string& prefix) {
    std::map<std::string, int> seen;  // key → line, to catch a key written twice
    for (auto it = map.begin(); it != map.end(); ++it) {
      // Copies, not references: it-> hands out a proxy that dies at the end of the statement.
      const YAML::Node key_node = it->first;
      const YAML::Node value = it->second;
      if (!key_node.IsScalar()) {
        add(line_of(key_node), prefix, "keys must be plain names, not " + describe(key_node));
        continue;
      }
      const std::string key = join_key(prefix, key_node.Scalar());
      const int line = line_of(key_node);
      if (const auto [previous, inserted] = seen.emplace(key, line); !inserted) {
        add(line, key, "is set twice (first on line " + std::to_string(previous->second) + ")");
        continue;
      }
      if (key == "deploy") {
        read_deploy_section(value, file_, folder_, config_.deploy, problems_);
      } else if (prefix.empty() && is_named_section(key)) {
        read_named_section(key, value, line, config_,
                           [&](int at, std::string path, std::string message) {
                             add(at, std::move(path), std::move(message));
                           });
      } else if (key == "repositories") {
        read_repositories(value, line, file_, folder_.string(), config_.repositories, problems_);
      } else if (const Setting* setting = find_setting(key)) {
        read_value(*setting, value, line);
      } else if (const MapSetting* map_setting = find_map_setting(key)) {
        read_map(*map_setting, value, line);
      } else if (key == kPipelineRecipients) {
        read_pipeline_recipients(value, line);
      } else if (key == kAccessKeys) {
        read_access_keys(value, line);
      } else if (key == kApiTokens) {
        read_api_tokens(value, line);
      } else if (const auto children = allowed_keys(key); !children.empty()) {
        if (!value.IsMap()) {
          add(line, key,
              "must be a map with the keys " + comma_list(children) + ", not " + describe(value));
          continue;
        }
        read_section(value, key);
      } else {
        add(line, key,
            "is not a known setting; expected one of " + comma_list(allowed_keys(prefix)));
      }
    }
  }

  void add(int line, std::string key, std::string message) {
    problems_.push_back({file_, line, std::move(key), std::move(message)});
  }

 private:
  // Every entry is checked on its own; the good ones are kept even when others are refused.
  void read_map(const MapSetting& setting, const YAML::Node& value, int key_line) {
    const std::string key(setting.key);
    if (value.IsNull()) return;
    if (!value.IsMap()) {
      add(key_line, key, "must be a map of names to values, not " + describe(value));
      return;
    }
    auto& field = setting.field(config_);
    for (auto it = value.begin(); it != value.end(); ++it) {
      const YAML::Node name = it->first;
      const YAML::Node entry = it->second;
      const int line = line_of(name);
      if (!name.IsScalar() || !entry.IsScalar()) {
        add(line, key, "entries must be name: value, not " + describe(entry));
        continue;
      }
      const std::string entry_key = key + "." + name.Scalar();
      if (const auto problem = setting.check_name(name.Scalar())) {
        add(line, entry_key, *problem);
      } else if (const auto bad_value = setting.check_value(entry.Scalar())) {
        add(line_of(entry), entry_key, *bad_value);
      } else if (!field.emplace(name.Scalar(), entry.Scalar()).second) {
        add(line, entry_key, "is set twice");
      }
    }
  }

  // pipelines: {<pipeline name>: {emails: [address, ...] or "a@x, b@y"}}
  void read_pipeline_recipients(const YAML::Node& pipelines, int key_line) {
    const std::string key(kPipelineRecipients);
    if (pipelines.IsNull()) return;
    if (!pipelines.IsMap()) {
      add(key_line, key,
          "must be a map of pipeline names to {emails: [...]}, not " + describe(pipelines));
      return;
    }
    for (auto it = pipelines.begin(); it != pipelines.end(); ++it) {
      const YAML::Node name_node = it->first;
      const YAML::Node entry = it->second;
      const std::string name = name_node.IsScalar() ? name_node.Scalar() : "";
      const std::string entry_key = key + "." + name;
      if (name.empty() || !entry.IsMap()) {
        add(line_of(name_node), entry_key, "must be a pipeline name with a map {emails: [...]}");
        continue;
      }
      std::vector<std::string> addresses;
      for (auto field = entry.begin(); field != entry.end(); ++field) {
        const YAML::Node field_key = field->first;
        const YAML::Node list = field->second;
        if (!field_key.IsScalar() || field_key.Scalar() != "emails") {
          add(line_of(field_key),
              entry_key + "." + (field_key.IsScalar() ? field_key.Scalar() : ""),
              "is not a known setting; expected emails");
          continue;
        }
        read_addresses(list, entry_key + ".emails", line_of(field_key), addresses);
      }
      config_.notifications.pipeline_emails[name] = std::move(addresses);
    }
  }

  void read_addresses(const YAML::Node& list, const std::string& key, int key_line,
                      std::vector<std::string>& addresses) {
    std::vector<std::pair<std::string, int>> items;  // address, line
    if (list.IsScalar()) {
      // A comma-separated string, as the NotifyEmails configuration key takes it.
      std::string_view rest = list.Scalar();
      while (!rest.empty()) {
        const auto comma = rest.find(',');
        std::string item(rest.substr(0, comma));
        rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
        item.erase(0, item.find_first_not_of(" \t"));
        item.erase(item.find_last_not_of(" \t") + 1);
        if (!item.empty()) items.emplace_back(std::move(item), line_of(list));
      }
    } else if (list.IsSequence()) {
      for (const YAML::Node& item : list) {
        if (!item.IsScalar()) {
          add(line_of(item), key, "must list mail addresses, not " + describe(item));
          continue;
        }
        items.emplace_back(item.Scalar(), line_of(item));
      }
    } else {
      add(key_line, key, "must be a list of mail addresses, not " + describe(list));
      return;
    }
    for (auto& [address, line] : items) {
      if (!is_mail_address(address)) {
        add(line, key, "'" + address + "' is not a plain mail address such as ops@example.com");
        continue;
      }
      addresses.push_back(std::move(address));
    }
  }

  // auth.access_keys: a list of {access_key_id, secret_access_key}; every entry is checked.
  void read_access_keys(const YAML::Node& list, int key_line) {
    const std::string key(kAccessKeys);
    if (!list.IsSequence()) {
      add(key_line, key, "must be a list of maps with access_key_id and secret_access_key");
      return;
    }
    for (std::size_t i = 0; i < list.size(); ++i) {
      const YAML::Node entry = list[i];
      const std::string at = key + "[" + std::to_string(i) + "]";
      if (!entry.IsMap()) {
        add(line_of(entry), at, "must be a map with access_key_id and secret_access_key");
        continue;
      }
      ServerConfig::Auth::AccessKey access_key;
      bool ok = true;
      for (auto it = entry.begin(); it != entry.end(); ++it) {
        const YAML::Node name = it->first;
        const YAML::Node value = it->second;
        const std::string field = name.IsScalar() ? name.Scalar() : std::string();
        if (field != "access_key_id" && field != "secret_access_key") {
          add(line_of(name), at + "." + field,
              "is not a known setting; expected access_key_id or secret_access_key");
          ok = false;
          continue;
        }
        const auto check = field == "access_key_id" ? check_access_key_id : check_secret_access_key;
        const auto problem = value.IsScalar() ? check(value.Scalar())
                                              : std::optional<std::string>("must be a string");
        if (problem) {
          add(line_of(value), at + "." + field, *problem);
          ok = false;
          continue;
        }
        (field == "access_key_id" ? access_key.access_key_id : access_key.secret_access_key) =
            value.Scalar();
      }
      if (ok && (access_key.access_key_id.empty() || access_key.secret_access_key.empty())) {
        add(line_of(entry), at, "needs both access_key_id and secret_access_key");
        ok = false;
      }
      if (ok) config_.auth.access_keys.push_back(std::move(access_key));
    }
  }

  // api.tokens: a list of {name, token, role}; every entry is checked.
  void read_api_tokens(const YAML::Node& list, int key_line) {
    const std::string key(kApiTokens);
    if (list.IsNull()) return;
    if (!list.IsSequence()) {
      add(key_line, key, "must be a list of maps with name, token and role");
      return;
    }
    for (std::size_t i = 0; i < list.size(); ++i) {
      const YAML::Node entry = list[i];
      const std::string at = key + "[" + std::to_string(i) + "]";
      if (!entry.IsMap()) {
        add(line_of(entry), at, "must be a map with name, token and role");
        continue;
      }
      ServerConfig::Api::Token token;
      bool ok = true;
      for (auto it = entry.begin(); it != entry.end(); ++it) {
        const YAML::Node name = it->first;
        const YAML::Node value = it->second;
        const std::string field = name.IsScalar() ? name.Scalar() : std::string();
        std::string* target = field == "name"    ? &token.name
                              : field == "token" ? &token.token
                              : field == "role"  ? &token.role
                                                 : nullptr;
        if (target == nullptr) {
          add(line_of(name), at + "." + field,
              "is not a known setting; expected name, token or role");
          ok = false;
          continue;
        }
        std::optional<std::string> problem;
        if (!value.IsScalar()) {
          problem = "must be a string";
        } else if (field == "token") {
          problem = check_api_token(value.Scalar());
        } else if (field == "role") {
          problem = check_api_role(value.Scalar());
        } else {
          problem = check_single_line(value.Scalar());
        }
        if (problem) {
          add(line_of(value), at + "." + field, *problem);
          ok = false;
          continue;
        }
        *target = value.Scalar();
      }
      if (ok && (token.name.empty() || token.token.empty() || token.role.empty())) {
        add(line_of(entry), at, "needs name, token and role");
        ok = false;
      }
      if (ok) config_.api.tokens.push_back(std::move(token));
    }
  }

  void read_value(const Setting& setting, const YAML::Node& value, int key_line) {
    const std::string key(setting.key);
    if (!value.IsScalar()) {
      add(key_line, key, "must be a string, not " + describe(value));
      return;
    }
    const std::string& text = value.Scalar();
    if (const auto problem = setting.check(text)) {
      add(line_of(value), key, *problem);
      return;
    }
    std::filesystem::path path(text);
    if (setting.is_path && !text.empty() && path.is_relative() && !folder_.empty()) {
      setting.field(config_) = (folder_ / path).lexically_normal().string();
    } else {
      setting.field(config_) = text;
    }
  }

  const std::string& file_;
  std::filesystem::path folder_;
  ServerConfig& config_;
  std::vector<ConfigProblem>& problems_;
};

}  // namespace

void read_config_file(const std::string& file, ServerConfig& config,
                      std::vector<ConfigProblem>& problems) {
  Reader reader(file, config, problems);
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    reader.add(0, "", std::string("cannot read the file: ") + std::strerror(errno));
    return;
  }
  std::ostringstream text;
  text << in.rdbuf();

  YAML::Node root;
  try {
    root = YAML::Load(text.str());
  } catch (const YAML::Exception& error) {
    reader.add(error.mark.is_null() ? 0 : error.mark.line + 1, "",
               "is not valid YAML: " + error.msg);
    return;
  }
  if (root.IsNull()) return;  // an empty file keeps every default
  if (!root.IsMap()) {
    reader.add(
        line_of(root), "",
        "must be a map of settings (" + comma_list(allowed_keys("")) + "), not " + describe(root));
    return;
  }
  reader.read_section(root, "");
}

}  // namespace lockstep::config

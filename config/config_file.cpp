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
#include "config/settings.hpp"

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

// Settings whose value is a list of maps, read by their own code below rather than the table.
constexpr std::string_view kAccessKeys = "auth.access_keys";

// The keys allowed directly under `prefix` ("" for the top level), in documentation order.
std::vector<std::string> allowed_keys(const std::string& prefix) {
  const std::string start = prefix.empty() ? "" : prefix + ".";
  std::vector<std::string> keys;
  std::vector<std::string_view> all;
  for (const Setting& setting : settings()) all.push_back(setting.key);
  all.push_back(kAccessKeys);
  for (const std::string_view key : all) {
    if (!key.starts_with(start)) continue;
    const std::string_view rest = key.substr(start.size());
    std::string next(rest.substr(0, rest.find('.')));
    if (std::find(keys.begin(), keys.end(), next) == keys.end()) keys.push_back(std::move(next));
  }
  if (prefix.empty()) keys.push_back("deploy");  // read by deploy_section.cpp, not the table
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
      } else if (const Setting* setting = find_setting(key)) {
        read_value(*setting, value, line);
      } else if (key == kAccessKeys) {
        read_access_keys(value, line);
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

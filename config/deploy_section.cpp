#include "config/deploy_section.hpp"

#include <algorithm>
#include <optional>

namespace lockstep::config {
namespace {

int line_of(const YAML::Node& node) {
  const YAML::Mark mark = node.Mark();
  return mark.is_null() ? 0 : mark.line + 1;
}

// CodeDeploy's rule for application and deployment group names.
bool valid_codedeploy_name(const std::string& name) {
  return !name.empty() && name.size() <= 100 && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-';
  });
}

// S3's rule for bucket names.
bool valid_bucket_name(const std::string& name) {
  const auto edge = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  return name.size() >= 3 && name.size() <= 63 && edge(name.front()) && edge(name.back()) &&
         std::all_of(name.begin(), name.end(),
                     [&](char c) { return edge(c) || c == '.' || c == '-'; }) &&
         name.find("..") == std::string::npos;
}

class DeployReader {
 public:
  DeployReader(const std::string& file, const std::filesystem::path& folder,
               std::vector<ConfigProblem>& problems)
      : file_(file), folder_(folder), problems_(problems) {}

  void read(const YAML::Node& node, ServerConfig::Deploy& deploy) {
    if (node.IsNull()) return;
    if (!node.IsMap()) {
      add(line_of(node), "deploy", "must be a map with the keys groups, buckets");
      return;
    }
    for (auto it = node.begin(); it != node.end(); ++it) {
      const std::string key = it->first.Scalar();
      const YAML::Node value = it->second;
      if (key == "groups") {
        for_each_named(
            value, "deploy.groups", valid_codedeploy_name,
            "a deployment group name (letters, digits, . _ -, at most 100)",
            [&](const std::string& name, const YAML::Node& entry, const std::string& path) {
              read_group(entry, path, deploy.groups[name]);
            });
      } else if (key == "buckets") {
        for_each_named(
            value, "deploy.buckets", valid_bucket_name,
            "a bucket name (3 to 63 lower-case letters, digits, dots and hyphens)",
            [&](const std::string& name, const YAML::Node& entry, const std::string& path) {
              if (const auto root = read_root_only(entry, path)) {
                deploy.bucket_roots[name] = *root;
              }
            });
      } else {
        add(line_of(it->first), "deploy." + key,
            "is not a known setting; expected one of groups, buckets");
      }
    }
  }

 private:
  template <typename Valid, typename Read>
  void for_each_named(const YAML::Node& map, const std::string& prefix, Valid valid,
                      const std::string& what, Read read) {
    if (map.IsNull()) return;
    if (!map.IsMap()) {
      add(line_of(map), prefix, "must be a map of names to their settings");
      return;
    }
    for (auto it = map.begin(); it != map.end(); ++it) {
      const std::string name = it->first.IsScalar() ? it->first.Scalar() : "";
      const std::string path = prefix + "." + name;
      if (!valid(name)) {
        add(line_of(it->first), path, "is not " + what);
        continue;
      }
      read(name, it->second, path);
    }
  }

  void read_group(const YAML::Node& entry, const std::string& path,
                  ServerConfig::DeployGroup& group) {
    if (!entry.IsMap()) {
      add(line_of(entry), path, "must be a map with the keys root, applications");
      return;
    }
    bool has_root = false;
    for (auto it = entry.begin(); it != entry.end(); ++it) {
      const std::string key = it->first.Scalar();
      if (key == "root") {
        has_root = true;
        if (const auto root = read_path(it->second, path + ".root")) group.root = *root;
      } else if (key == "applications") {
        for_each_named(it->second, path + ".applications", valid_codedeploy_name,
                       "an application name (letters, digits, . _ -, at most 100)",
                       [&](const std::string& name, const YAML::Node& app, const std::string& at) {
                         if (const auto root = read_root_only(app, at)) {
                           group.application_roots[name] = *root;
                         }
                       });
      } else {
        add(line_of(it->first), path + "." + key,
            "is not a known setting; expected one of root, applications");
      }
    }
    if (!has_root) add(line_of(entry), path + ".root", "is required: the folder deployed into");
  }

  std::optional<std::string> read_root_only(const YAML::Node& entry, const std::string& path) {
    if (!entry.IsMap()) {
      add(line_of(entry), path, "must be a map with the key root");
      return std::nullopt;
    }
    std::optional<std::string> root;
    bool has_root = false;
    for (auto it = entry.begin(); it != entry.end(); ++it) {
      const std::string key = it->first.Scalar();
      if (key == "root") {
        has_root = true;
        root = read_path(it->second, path + ".root");
      } else {
        add(line_of(it->first), path + "." + key, "is not a known setting; expected root");
      }
    }
    if (!has_root) add(line_of(entry), path + ".root", "is required: the folder deployed into");
    return root;
  }

  std::optional<std::string> read_path(const YAML::Node& value, const std::string& path) {
    if (!value.IsScalar() || value.Scalar().empty()) {
      add(line_of(value), path, "must be a folder path");
      return std::nullopt;
    }
    const std::filesystem::path root(value.Scalar());
    if (root.is_relative() && !folder_.empty()) return (folder_ / root).lexically_normal().string();
    return root.lexically_normal().string();
  }

  void add(int line, std::string key, std::string message) {
    problems_.push_back({file_, line, std::move(key), std::move(message)});
  }

  const std::string& file_;
  const std::filesystem::path& folder_;
  std::vector<ConfigProblem>& problems_;
};

}  // namespace

void read_deploy_section(const YAML::Node& node, const std::string& file,
                         const std::filesystem::path& folder, ServerConfig::Deploy& deploy,
                         std::vector<ConfigProblem>& problems) {
  DeployReader(file, folder, problems).read(node, deploy);
}

}  // namespace lockstep::config

#include "executors/local/appspec_permissions.hpp"

#include <set>

#include "executors/local/contained_path.hpp"

namespace lockstep::executors::local {

namespace {

int line_of(const YAML::Node& node) {
  const YAML::Mark mark = node.Mark();
  return mark.is_null() ? 0 : mark.line + 1;
}

// chmod's numeric form: three or four octal digits ("644", "0644", "4755").
std::optional<unsigned> octal_mode(const std::string& text) {
  if (text.size() < 3 || text.size() > 4) return std::nullopt;
  unsigned mode = 0;
  for (const char c : text) {
    if (c < '0' || c > '7') return std::nullopt;
    mode = mode * 8 + static_cast<unsigned>(c - '0');
  }
  return mode;
}

// A name or a list of names: `except` and `type` are written either way.
std::vector<std::string> names(const YAML::Node& node, const std::string& path,
                               const AppSpecProblemSink& problem) {
  std::vector<std::string> values;
  if (node.IsScalar()) {
    values.push_back(node.Scalar());
  } else if (node.IsSequence()) {
    for (std::size_t i = 0; i < node.size(); ++i) {
      if (!node[i].IsScalar() || node[i].Scalar().empty()) {
        problem(line_of(node[i]), path + "[" + std::to_string(i) + "]", "must be a string");
      } else {
        values.push_back(node[i].Scalar());
      }
    }
  } else if (!node.IsNull()) {
    problem(line_of(node), path, "must be a list of strings");
  }
  return values;
}

void read_entry(const YAML::Node& entry, const std::string& path, AppSpecPermission& permission,
                const AppSpecProblemSink& problem) {
  static const std::set<std::string> kKeys = {"object", "pattern", "except",  "owner", "group",
                                              "mode",   "acls",    "context", "type"};
  for (auto it = entry.begin(); it != entry.end(); ++it) {
    const std::string key = it->first.IsScalar() ? it->first.Scalar() : "";
    if (kKeys.count(key) == 0) {
      problem(line_of(it->first), path + "." + key,
              "is not a permissions key; expected object, pattern, except, owner, group, mode, "
              "acls, context or type");
    }
  }
  const auto text = [&](const char* key) -> std::optional<std::string> {
    const YAML::Node node = entry[key];
    if (!node) return std::nullopt;
    if (!node.IsScalar() || node.Scalar().empty()) {
      problem(line_of(node), path + "." + key, "must be a non-empty string");
      return std::nullopt;
    }
    return node.Scalar();
  };

  if (!entry["object"]) {
    problem(permission.line, path + ".object", "is required");
  } else if (const auto object = text("object")) {
    const auto normal = object->starts_with('/') ? contained_path(*object) : std::nullopt;
    if (!normal) {
      problem(line_of(entry["object"]), path + ".object",
              "must be an absolute path without .. such as /var/www/html");
    } else {
      permission.object = "/" + *normal;
    }
  }
  if (const auto pattern = text("pattern")) permission.pattern = *pattern;
  if (const YAML::Node except = entry["except"]) {
    permission.except = names(except, path + ".except", problem);
  }
  if (const auto owner = text("owner")) permission.owner = *owner;
  if (const auto group = text("group")) permission.group = *group;
  if (const auto mode = text("mode")) {
    permission.mode = octal_mode(*mode);
    if (!permission.mode) {
      problem(line_of(entry["mode"]), path + ".mode",
              "must be chmod's numeric form such as 644 or \"0755\" (quote a leading zero), not '" +
                  *mode + "'");
    }
  }
  if (const YAML::Node acls = entry["acls"]) permission.acls = names(acls, path + ".acls", problem);
  if (const YAML::Node context = entry["context"]) {
    if (!context.IsMap()) problem(line_of(context), path + ".context", "must be a map");
    permission.has_context = true;
  }
  if (const YAML::Node type = entry["type"]) {
    const std::vector<std::string> types = names(type, path + ".type", problem);
    permission.files = false;
    permission.directories = false;
    for (const std::string& value : types) {
      if (value == "file") {
        permission.files = true;
      } else if (value == "directory") {
        permission.directories = true;
      } else {
        problem(line_of(type), path + ".type", "must be file or directory, not '" + value + "'");
      }
    }
  }
}

}  // namespace

void read_permissions(const YAML::Node& section, std::vector<AppSpecPermission>& permissions,
                      const AppSpecProblemSink& problem) {
  if (section.IsNull()) return;
  if (!section.IsSequence()) {
    problem(line_of(section), "permissions", "must be a list of permission entries");
    return;
  }
  for (std::size_t i = 0; i < section.size(); ++i) {
    const YAML::Node entry = section[i];
    const std::string path = "permissions[" + std::to_string(i) + "]";
    AppSpecPermission permission;
    permission.line = line_of(entry);
    if (!entry.IsMap()) {
      problem(permission.line, path, "must be a map with object and the permissions to set");
      continue;
    }
    read_entry(entry, path, permission, problem);
    permissions.push_back(std::move(permission));
  }
}

}  // namespace lockstep::executors::local

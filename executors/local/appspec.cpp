#include "executors/local/appspec.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <optional>
#include <set>

#include "executors/local/appspec_permissions.hpp"
#include "executors/local/contained_path.hpp"

namespace lockstep::executors::local {
namespace {

constexpr long kMaxEventSeconds = 3600;  // CodeDeploy's limit for the scripts of one event

int line_of(const YAML::Node& node) {
  const YAML::Mark mark = node.Mark();
  return mark.is_null() ? 0 : mark.line + 1;
}

class Parser {
 public:
  explicit Parser(AppSpecParse& out) : out_(out) {}

  void document(const YAML::Node& root) {
    if (!root.IsMap()) {
      add(line_of(root), "", "must be a map with version, os, files and hooks");
      return;
    }
    static const std::set<std::string> kKnown = {
        "version", "os", "files", "file_exists_behavior", "permissions", "hooks"};
    for (auto it = root.begin(); it != root.end(); ++it) {
      const YAML::Node key = it->first;
      if (!key.IsScalar() || kKnown.count(key.Scalar()) == 0) {
        add(line_of(key), key.IsScalar() ? key.Scalar() : "",
            "is not an appspec key; expected version, os, files, file_exists_behavior, "
            "permissions or hooks");
      }
    }
    version(root["version"], line_of(root));
    if (const YAML::Node os = root["os"]; !os) {
      add(line_of(root), "os", "is required (linux or windows)");
    } else if (!os.IsScalar() || (os.Scalar() != "linux" && os.Scalar() != "windows")) {
      add(line_of(os), "os", "must be linux or windows");
    } else {
      out_.appspec.os = os.Scalar();
    }
    if (const YAML::Node files = root["files"]) read_files(files);
    if (const YAML::Node behavior = root["file_exists_behavior"]) read_behavior(behavior);
    if (const YAML::Node permissions = root["permissions"]) {
      read_permissions(permissions, out_.appspec.permissions,
                       [this](int line, std::string path, std::string message) {
                         add(line, std::move(path), std::move(message));
                       });
    }
    if (const YAML::Node hooks = root["hooks"]) read_hooks(hooks);
  }

  void add(int line, std::string path, std::string message) {
    out_.problems.push_back({line, std::move(path), std::move(message)});
  }

 private:
  void version(const YAML::Node& node, int root_line) {
    if (!node) {
      add(root_line, "version", "is required and must be 0.0");
      return;
    }
    // 0.0 read as a number would be 0 or 0.0; the text is what the user wrote.
    if (!node.IsScalar() || node.Scalar() != "0.0") {
      add(line_of(node), "version", "must be 0.0, the only appspec version");
    }
  }

  std::optional<std::string> scalar(const YAML::Node& node, const std::string& path,
                                    int parent_line) {
    if (!node) {
      add(parent_line, path, "is required");
      return std::nullopt;
    }
    if (!node.IsScalar() || node.Scalar().empty()) {
      add(line_of(node), path, "must be a non-empty value");
      return std::nullopt;
    }
    return node.Scalar();
  }

  void read_files(const YAML::Node& files) {
    if (files.IsNull()) return;
    if (!files.IsSequence()) {
      add(line_of(files), "files", "must be a list of source and destination entries");
      return;
    }
    for (std::size_t i = 0; i < files.size(); ++i) {
      const YAML::Node entry = files[i];
      const std::string path = "files[" + std::to_string(i) + "]";
      if (!entry.IsMap()) {
        add(line_of(entry), path, "must be a map with source and destination");
        continue;
      }
      for (auto it = entry.begin(); it != entry.end(); ++it) {
        const std::string key = it->first.Scalar();
        if (key != "source" && key != "destination") {
          add(line_of(it->first), path + "." + key,
              "is not a files key; expected source or destination");
        }
      }
      AppSpecFile file;
      file.line = line_of(entry);
      const auto source = scalar(entry["source"], path + ".source", file.line);
      const auto destination = scalar(entry["destination"], path + ".destination", file.line);
      bool valid = source && destination;
      if (source) {
        std::string text = *source;
        if (text == "\\") text = "/";
        if (const auto normal = contained_path(text)) {
          file.source = *normal;
        } else {
          add(line_of(entry["source"]), path + ".source", "climbs out of the revision with ..");
          valid = false;
        }
      }
      if (destination) {
        if (!destination->starts_with('/')) {
          add(line_of(entry["destination"]), path + ".destination",
              "must be an absolute path such as /var/www/html");
          valid = false;
        } else if (const auto normal = contained_path(*destination)) {
          file.destination = "/" + *normal;
        } else {
          add(line_of(entry["destination"]), path + ".destination",
              "climbs out of the deployment root with ..");
          valid = false;
        }
      }
      if (valid) out_.appspec.files.push_back(std::move(file));
    }
  }

  void read_behavior(const YAML::Node& node) {
    const std::string text = node.IsScalar() ? node.Scalar() : "";
    if (text == "DISALLOW") {
      out_.appspec.file_exists_behavior = FileExistsBehavior::Disallow;
    } else if (text == "OVERWRITE") {
      out_.appspec.file_exists_behavior = FileExistsBehavior::Overwrite;
    } else if (text == "RETAIN") {
      out_.appspec.file_exists_behavior = FileExistsBehavior::Retain;
    } else {
      add(line_of(node), "file_exists_behavior", "must be DISALLOW, OVERWRITE or RETAIN");
    }
  }

  void read_hooks(const YAML::Node& hooks) {
    if (hooks.IsNull()) return;
    if (!hooks.IsMap()) {
      add(line_of(hooks), "hooks", "must be a map of lifecycle events to lists of scripts");
      return;
    }
    for (auto it = hooks.begin(); it != hooks.end(); ++it) {
      const YAML::Node key = it->first;
      const YAML::Node scripts = it->second;
      const std::string event = key.IsScalar() ? key.Scalar() : "";
      const std::string path = "hooks." + event;
      if (std::find(std::begin(kLifecycleEvents), std::end(kLifecycleEvents), event) ==
          std::end(kLifecycleEvents)) {
        add(line_of(key), path,
            "is not a scriptable lifecycle event; expected ApplicationStop, BeforeInstall, "
            "AfterInstall, ApplicationStart, ValidateService or a traffic event");
        continue;
      }
      if (scripts.IsNull()) continue;
      if (!scripts.IsSequence()) {
        add(line_of(scripts), path, "must be a list of scripts with a location");
        continue;
      }
      std::vector<AppSpecScript>& list = out_.appspec.hooks[event];
      long total = 0;
      for (std::size_t i = 0; i < scripts.size(); ++i) {
        if (auto script = read_script(scripts[i], path + "[" + std::to_string(i) + "]")) {
          // Only timeouts that are written count: scripts left at the default share the hour.
          if (scripts[i]["timeout"]) total += script->timeout.count();
          list.push_back(std::move(*script));
        }
      }
      if (total > kMaxEventSeconds) {
        add(line_of(key), path,
            "has timeouts adding up to " + std::to_string(total) +
                " seconds; the scripts of one event may take 3600 seconds in all");
      }
    }
  }

  std::optional<AppSpecScript> read_script(const YAML::Node& entry, const std::string& path) {
    if (!entry.IsMap()) {
      add(line_of(entry), path, "must be a map with location, and optionally timeout and runas");
      return std::nullopt;
    }
    AppSpecScript script;
    script.line = line_of(entry);
    bool valid = true;
    for (auto it = entry.begin(); it != entry.end(); ++it) {
      const std::string key = it->first.Scalar();
      if (key != "location" && key != "timeout" && key != "runas") {
        add(line_of(it->first), path + "." + key,
            "is not a hook key; expected location, timeout or runas");
      }
    }
    if (const auto location = scalar(entry["location"], path + ".location", script.line)) {
      if (const auto normal = contained_path(*location); normal && !normal->empty()) {
        script.location = *normal;
      } else {
        add(line_of(entry["location"]), path + ".location",
            "must name a script inside the revision");
        valid = false;
      }
    } else {
      valid = false;
    }
    if (const YAML::Node timeout = entry["timeout"]) {
      const std::string text = timeout.IsScalar() ? timeout.Scalar() : "";
      const bool digits =
          !text.empty() && text.size() <= 5 &&
          std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
      const long seconds = digits ? std::stol(text) : 0;
      if (seconds < 1 || seconds > kMaxEventSeconds) {
        add(line_of(timeout), path + ".timeout",
            "must be a whole number of seconds from 1 to 3600");
        valid = false;
      } else {
        script.timeout = std::chrono::seconds(seconds);
      }
    }
    if (const YAML::Node runas = entry["runas"]) {
      if (!runas.IsScalar() || runas.Scalar().empty()) {
        add(line_of(runas), path + ".runas", "must be a user name");
        valid = false;
      } else {
        script.runas = runas.Scalar();
      }
    }
    if (!valid) return std::nullopt;
    return script;
  }

  AppSpecParse& out_;
};

}  // namespace

const std::vector<AppSpecScript>& AppSpec::scripts(std::string_view event) const {
  static const std::vector<AppSpecScript> kNone;
  const auto it = hooks.find(event);
  return it == hooks.end() ? kNone : it->second;
}

AppSpecParse parse_appspec(std::string_view text) {
  AppSpecParse out;
  Parser parser(out);
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& error) {
    parser.add(error.mark.is_null() ? 0 : error.mark.line + 1, "",
               "is not valid YAML: " + error.msg);
    return out;
  }
  try {
    parser.document(root);
  } catch (const YAML::Exception& error) {
    // A node of an unexpected kind deep inside; report it rather than lose the other problems.
    parser.add(error.mark.is_null() ? 0 : error.mark.line + 1, "", error.msg);
  }
  return out;
}

std::string describe_problems(const std::vector<AppSpecProblem>& problems) {
  std::string text;
  for (const AppSpecProblem& problem : problems) {
    if (!text.empty()) text += "\n";
    if (problem.line > 0) text += "line " + std::to_string(problem.line) + ": ";
    text += (problem.path.empty() ? "appspec.yml" : problem.path) + " " + problem.message;
  }
  return text;
}

}  // namespace lockstep::executors::local

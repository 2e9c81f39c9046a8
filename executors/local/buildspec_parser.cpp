#include "executors/local/buildspec_parser.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <map>
#include <regex>
#include <set>

#include "engine/glob_pattern.hpp"
#include "executors/local/secret_store.hpp"

namespace lockstep::executors::local {

std::string BuildspecProblem::describe() const {
  std::string text;
  if (line > 0) text = "line " + std::to_string(line);
  if (!path.empty()) text += (text.empty() ? "" : ", ") + path;
  return text.empty() ? message : text + ": " + message;
}

std::string describe_problems(const std::vector<BuildspecProblem>& problems) {
  std::string text;
  for (const BuildspecProblem& problem : problems) {
    text += (text.empty() ? "" : "\n") + problem.describe();
  }
  return text;
}

namespace {

int line_of(const YAML::Node& node) {
  const YAML::Mark mark = node.Mark();
  return mark.is_null() ? 0 : mark.line + 1;
}

std::string kind_of(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map:
      return "a map";
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Scalar:
      return "a value";
    default:
      return "empty";
  }
}

bool valid_variable_name(const std::string& name) {
  if (name.empty() || (name[0] >= '0' && name[0] <= '9')) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
}

class Parser {
 public:
  explicit Parser(std::vector<BuildspecProblem>& problems) : problems_(problems) {}

  void document(const YAML::Node& root, Buildspec& spec) {
    if (!root.IsMap()) {
      add(line_of(root), "",
          "a buildspec must be a map with version and phases, not " + kind_of(root));
      return;
    }
    static const std::set<std::string> known{"version", "run-as",  "env",       "proxy", "batch",
                                             "phases",  "reports", "artifacts", "cache"};
    bool has_version = false;
    bool has_phases = false;
    for_each_entry(root, "", [&](const std::string& key, const YAML::Node& value, int line) {
      if (key == "version") {
        has_version = true;
        version(value, line, spec);
      } else if (key == "run-as") {
        spec.run_as = scalar(value, key, line);
      } else if (key == "env") {
        env(value, line, spec);
      } else if (key == "phases") {
        has_phases = true;
        phases(value, line, spec);
      } else if (key == "artifacts") {
        artifacts(value, line, spec);
      } else if (key == "environment_variables") {
        add(line, key, "is the version 0.1 name of env; version 0.2 calls it env");
      } else if (!known.contains(key)) {
        add(line, key,
            "is not a buildspec key; expected version, run-as, env, proxy, batch, phases, "
            "reports, artifacts or cache");
      }
      // proxy, batch, reports and cache do not change what a local build does.
    });
    if (!has_version) add(line_of(root), "version", "is required (version: 0.2)");
    if (!has_phases) add(line_of(root), "phases", "is required");
  }

 private:
  template <typename Visit>
  void for_each_entry(const YAML::Node& map, const std::string& prefix, Visit visit) {
    std::map<std::string, int> seen;
    for (auto it = map.begin(); it != map.end(); ++it) {
      const YAML::Node key_node = it->first;
      const YAML::Node value = it->second;
      const int line = line_of(key_node);
      if (!key_node.IsScalar()) {
        add(line, prefix, "keys must be plain names, not " + kind_of(key_node));
        continue;
      }
      const std::string key = key_node.Scalar();
      const std::string path = join(prefix, key);
      if (const auto [first, inserted] = seen.emplace(key, line); !inserted) {
        add(line, path, "is written twice (first on line " + std::to_string(first->second) + ")");
        continue;
      }
      visit(key, value, line);
    }
  }

  static std::string join(const std::string& prefix, const std::string& key) {
    return prefix.empty() ? key : prefix + "." + key;
  }

  void add(int line, std::string path, std::string message) {
    problems_.push_back({line, std::move(path), std::move(message)});
  }

  std::string scalar(const YAML::Node& value, const std::string& path, int key_line) {
    if (value.IsScalar()) return value.Scalar();
    add(key_line, path, "must be a value, not " + kind_of(value));
    return {};
  }

  std::optional<bool> yes_no(const YAML::Node& value, const std::string& path, int key_line) {
    const std::string text = scalar(value, path, key_line);
    if (text == "yes" || text == "true" || text == "Yes" || text == "True") return true;
    if (text == "no" || text == "false" || text == "No" || text == "False") return false;
    if (value.IsScalar()) add(line_of(value), path, "must be yes or no, not '" + text + "'");
    return std::nullopt;
  }

  // A list of plain values; a single value is accepted as a one-item list where CodeBuild does.
  std::vector<std::string> string_list(const YAML::Node& value, const std::string& path,
                                       int key_line, bool allow_single) {
    std::vector<std::string> items;
    if (allow_single && value.IsScalar()) {
      items.push_back(value.Scalar());
      return items;
    }
    if (!value.IsSequence()) {
      add(key_line, path, "must be a list, not " + kind_of(value));
      return items;
    }
    for (std::size_t i = 0; i < value.size(); ++i) {
      const YAML::Node item = value[i];
      const std::string item_path = path + "[" + std::to_string(i + 1) + "]";
      if (item.IsScalar()) {
        items.push_back(item.Scalar());
      } else if (item.IsMap()) {
        add(line_of(item), item_path,
            "is a map, not a command: YAML reads ': ' as a key; quote the whole entry");
      } else {
        add(line_of(item), item_path, "must be a value, not " + kind_of(item));
      }
    }
    return items;
  }

  void version(const YAML::Node& value, int line, Buildspec& spec) {
    spec.version = scalar(value, "version", line);
    if (!value.IsScalar()) return;
    if (spec.version == "0.1") {
      add(line_of(value), "version",
          "0.1 is not supported (each command would run in a fresh shell); use 0.2");
    } else if (spec.version != "0.2") {
      add(line_of(value), "version", "must be 0.2, not '" + spec.version + "'");
    }
  }

  NamedValues named_values(const YAML::Node& value, const std::string& path, int key_line) {
    NamedValues values;
    if (!value.IsMap()) {
      add(key_line, path, "must be a map of names to values, not " + kind_of(value));
      return values;
    }
    for_each_entry(value, path, [&](const std::string& name, const YAML::Node& item, int line) {
      const std::string item_path = join(path, name);
      if (!valid_variable_name(name)) {
        add(line, item_path, "is not a valid variable name (letters, digits and _)");
      } else if (name.starts_with("CODEBUILD_")) {
        add(line, item_path, "names starting with CODEBUILD_ are reserved for the build");
      }
      values.emplace_back(name, scalar(item, item_path, line));
    });
    return values;
  }

  void env(const YAML::Node& value, int line, Buildspec& spec) {
    if (!value.IsMap()) {
      add(line, "env", "must be a map, not " + kind_of(value));
      return;
    }
    for_each_entry(value, "env", [&](const std::string& key, const YAML::Node& item, int at) {
      const std::string path = "env." + key;
      if (key == "shell") {
        spec.shell = scalar(item, path, at);
        if (item.IsScalar() && spec.shell != "bash" && spec.shell != "/bin/sh") {
          add(line_of(item), path, "must be bash or /bin/sh on Linux, not '" + spec.shell + "'");
        }
      } else if (key == "variables") {
        spec.variables = named_values(item, path, at);
      } else if (key == "parameter-store") {
        spec.parameter_store = named_values(item, path, at);
      } else if (key == "secrets-manager") {
        spec.secrets_manager = named_values(item, path, at);
        for (const auto& [name, reference] : spec.secrets_manager)
          secret_reference(item, name, reference);
      } else if (key == "exported-variables") {
        spec.exported_variables = string_list(item, path, at, false);
        for (const std::string& name : spec.exported_variables) {
          if (!valid_variable_name(name)) {
            add(at, path, "'" + name + "' is not a valid variable name");
          } else if (name.starts_with("AWS_")) {
            add(at, path, "'" + name + "' cannot be exported: names starting with AWS_ are not");
          }
        }
      } else if (key == "git-credential-helper") {
        yes_no(item, path, at);
      } else if (key == "plaintext") {
        add(at, path, "is the version 0.1 name of variables");
      } else {
        add(at, path,
            "is not an env key; expected shell, variables, parameter-store, secrets-manager, "
            "exported-variables or git-credential-helper");
      }
    });
  }

  void secret_reference(const YAML::Node& map, const std::string& name,
                        const std::string& reference) {
    if (const std::string error = parse_secret_reference(reference).error; !error.empty()) {
      add(line_of(map[name]), "env.secrets-manager." + name, error);
    }
  }

  void phases(const YAML::Node& value, int line, Buildspec& spec) {
    if (!value.IsMap()) {
      add(line, "phases", "must be a map of install, pre_build, build and post_build");
      return;
    }
    for_each_entry(value, "phases", [&](const std::string& key, const YAML::Node& item, int at) {
      const auto name = std::find_if(kBuildPhases.begin(), kBuildPhases.end(),
                                     [&](BuildPhaseName p) { return key == buildspec_key(p); });
      if (name == kBuildPhases.end()) {
        add(at, "phases." + key,
            "is not a phase; the phases are install, pre_build, build and post_build");
        return;
      }
      phase(*name, item, at, spec.phase(*name));
    });
  }

  void phase(BuildPhaseName name, const YAML::Node& value, int line, BuildPhase& phase) {
    const std::string path = std::string("phases.") + buildspec_key(name);
    phase.declared = true;
    if (!value.IsMap()) {
      add(line, path, "must be a map with commands, not " + kind_of(value));
      return;
    }
    bool has_commands = false;
    for_each_entry(value, path, [&](const std::string& key, const YAML::Node& item, int at) {
      const std::string item_path = path + "." + key;
      if (key == "commands") {
        has_commands = true;
        phase.commands = string_list(item, item_path, at, false);
      } else if (key == "finally") {
        phase.finally = string_list(item, item_path, at, false);
      } else if (key == "run-as") {
        phase.run_as = scalar(item, item_path, at);
      } else if (key == "on-failure") {
        phase.on_failure_text = scalar(item, item_path, at);
        if (item.IsScalar()) on_failure(phase, line_of(item), item_path);
      } else if (key == "runtime-versions") {
        if (name != BuildPhaseName::Install) {
          add(at, item_path, "is allowed in the install phase only");
        } else if (!item.IsMap()) {
          add(at, item_path, "must be a map of runtime to version, not " + kind_of(item));
        }
      } else {
        add(at, item_path,
            "is not a phase key; expected run-as, on-failure, runtime-versions, commands or "
            "finally");
      }
    });
    if (!has_commands && name != BuildPhaseName::Install) {
      add(line, path + ".commands", "is required when the phase is present");
    }
  }

  void on_failure(BuildPhase& phase, int line, const std::string& path) {
    const std::string& text = phase.on_failure_text;
    if (text == "ABORT") {
      phase.on_failure = OnFailure::Abort;
      return;
    }
    if (text == "CONTINUE") {
      phase.on_failure = OnFailure::Continue;
      return;
    }
    if (text == "RETRY" || text.starts_with("RETRY-")) {
      phase.on_failure = OnFailure::Retry;
      std::string rest = text.size() > 6 ? text.substr(6) : "";
      std::size_t digits = 0;
      while (digits < rest.size() && rest[digits] >= '0' && rest[digits] <= '9') ++digits;
      if (digits > 0 && (digits == rest.size() || rest[digits] == '-')) {
        const int count = digits > 3 ? 1000 : std::stoi(rest.substr(0, digits));
        if (count > 100) add(line, path, "the retry count must be between 0 and 100");
        phase.retry_count = count;
        rest = digits == rest.size() ? "" : rest.substr(digits + 1);
      }
      if (!rest.empty()) {
        try {
          std::regex check(rest);
          phase.retry_pattern = rest;
        } catch (const std::regex_error&) {
          add(line, path, "'" + rest + "' is not a valid regular expression");
        }
      }
      return;
    }
    add(line, path,
        "must be ABORT, CONTINUE, RETRY, RETRY-<count>, RETRY-<regex> or RETRY-<count>-<regex>, "
        "not '" +
            text + "'");
  }

  void artifacts(const YAML::Node& value, int line, Buildspec& spec) {
    spec.artifacts = artifact_block(value, line, "artifacts", &spec.secondary_artifacts);
  }

  // `secondary` receives secondary-artifacts; null inside a secondary block, which has none.
  ArtifactBlock artifact_block(const YAML::Node& value, int line, const std::string& path,
                               std::vector<std::pair<std::string, ArtifactBlock>>* secondary) {
    const bool top_level = secondary != nullptr;
    ArtifactBlock block;
    if (!value.IsMap()) {
      add(line, path, "must be a map with files, not " + kind_of(value));
      return block;
    }
    bool has_files = false;
    for_each_entry(value, path, [&](const std::string& key, const YAML::Node& item, int at) {
      const std::string item_path = path + "." + key;
      if (key == "files") {
        has_files = true;
        block.files = string_list(item, item_path, at, true);
        patterns(block.files, item, item_path, at);
      } else if (key == "name") {
        block.name = scalar(item, item_path, at);
      } else if (key == "base-directory") {
        block.base_directory = scalar(item, item_path, at);
        if (block.base_directory.starts_with("/") ||
            block.base_directory.find("..") != std::string::npos) {
          add(at, item_path, "must be a directory inside the source, without .. or a leading /");
        } else if (const std::string error = engine::glob_pattern_error(block.base_directory);
                   !error.empty()) {
          add(at, item_path, error);
        }
      } else if (key == "discard-paths") {
        block.discard_paths = yes_no(item, item_path, at).value_or(false);
      } else if (key == "exclude-paths") {
        block.exclude_paths = string_list(item, item_path, at, true);
        patterns(block.exclude_paths, item, item_path, at);
      } else if (key == "enable-symlinks") {
        yes_no(item, item_path, at);
      } else if (key == "s3-prefix") {
        scalar(item, item_path, at);
      } else if (key == "secondary-artifacts" && top_level) {
        read_secondary(item, at, *secondary);
      } else {
        add(at, item_path,
            std::string("is not an artifacts key; expected files, name, base-directory, "
                        "discard-paths, exclude-paths, enable-symlinks, s3-prefix") +
                (top_level ? " or secondary-artifacts" : ""));
      }
    });
    if (!has_files) add(line, path + ".files", "is required in an artifacts block");
    return block;
  }

  void patterns(const std::vector<std::string>& items, const YAML::Node& node,
                const std::string& path, int line) {
    for (std::size_t i = 0; i < items.size(); ++i) {
      const int at = node.IsSequence() && i < node.size() ? line_of(node[i]) : line;
      if (items[i].empty()) {
        add(at, path, "a pattern must not be empty");
      } else if (items[i].starts_with("/") || items[i].find("../") != std::string::npos ||
                 items[i] == "..") {
        add(at, path, "'" + items[i] + "' must stay inside the source (no leading / or ..)");
      } else if (const std::string error = engine::glob_pattern_error(items[i]); !error.empty()) {
        add(at, path, "'" + items[i] + "': " + error);
      }
    }
  }

  void read_secondary(const YAML::Node& value, int line,
                      std::vector<std::pair<std::string, ArtifactBlock>>& out) {
    const std::string path = "artifacts.secondary-artifacts";
    if (!value.IsMap()) {
      add(line, path, "must be a map of artifact identifiers to artifacts blocks");
      return;
    }
    for_each_entry(value, path, [&](const std::string& id, const YAML::Node& item, int at) {
      out.emplace_back(id, artifact_block(item, at, path + "." + id, nullptr));
    });
  }

  std::vector<BuildspecProblem>& problems_;
};

}  // namespace

BuildspecParse parse_buildspec(std::string_view text) {
  BuildspecParse result;
  if (text.size() > kMaxBuildspecBytes) {
    result.problems.push_back(
        {0, "",
         "the buildspec is larger than " + std::to_string(kMaxBuildspecBytes / 1024) + " KiB"});
    return result;
  }
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& error) {
    result.problems.push_back(
        {error.mark.is_null() ? 0 : error.mark.line + 1, "", "is not valid YAML: " + error.msg});
    return result;
  }
  if (root.IsNull()) {
    result.problems.push_back({0, "", "the buildspec is empty; it needs version and phases"});
    return result;
  }
  Buildspec spec;
  Parser parser(result.problems);
  parser.document(root, spec);
  if (result.problems.empty()) result.buildspec = std::move(spec);
  return result;
}

}  // namespace lockstep::executors::local

#include "config/named_sections.hpp"

#include <algorithm>

namespace lockstep::config {
namespace {

int line_of(const YAML::Node& node) {
  const YAML::Mark mark = node.Mark();
  return mark.is_null() ? 0 : mark.line + 1;
}

// CodeBuild's project name rule.
bool valid_project_name(const std::string& name) {
  if (name.size() < 2 || name.size() > 255 || name[0] == '-' || name[0] == '_') return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_';
  });
}

bool valid_variable_name(const std::string& name) {
  if (name.empty() || (name[0] >= '0' && name[0] <= '9')) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
}

// Calls `visit(name, value, line)` for each entry of a map whose keys are plain names.
template <typename Visit>
void entries(const YAML::Node& map, const std::string& path, const ProblemSink& problem,
             Visit visit) {
  for (auto it = map.begin(); it != map.end(); ++it) {
    const YAML::Node key = it->first;
    const YAML::Node value = it->second;
    if (!key.IsScalar()) {
      problem(line_of(key), path, "keys must be plain names");
      continue;
    }
    visit(key.Scalar(), value, line_of(key));
  }
}

void read_project(const std::string& name, const YAML::Node& node, int line,
                  ServerConfig::CodeBuildProject& project, const ProblemSink& problem) {
  const std::string path = "codebuild.projects." + name;
  if (!valid_project_name(name)) {
    problem(line, path, "is not a CodeBuild project name (2 to 255 letters, digits, - and _)");
  }
  if (!node.IsMap()) {
    problem(line, path,
            "must be a map with buildspec, environment_variables and artifacts_directory");
    return;
  }
  entries(node, path, problem, [&](const std::string& key, const YAML::Node& value, int at) {
    const std::string key_path = path + "." + key;
    if (key == "buildspec") {
      if (!value.IsScalar() || value.Scalar().empty()) {
        problem(at, key_path, "must be a path to a buildspec file");
        return;
      }
      const std::string& text = value.Scalar();
      if (!text.starts_with("/") &&
          (text == ".." || text.starts_with("../") || text.find("/../") != std::string::npos)) {
        problem(at, key_path, "a relative path must stay inside the primary source (no ..)");
        return;
      }
      project.buildspec = text;
    } else if (key == "environment_variables") {
      if (!value.IsMap()) {
        problem(at, key_path, "must be a map of variable names to values");
        return;
      }
      entries(value, key_path, problem,
              [&](const std::string& variable, const YAML::Node& item, int item_line) {
                const std::string item_path = key_path + "." + variable;
                if (!valid_variable_name(variable)) {
                  problem(item_line, item_path, "is not a variable name (letters, digits, _)");
                } else if (variable.starts_with("CODEBUILD_")) {
                  problem(item_line, item_path, "CODEBUILD_ names are reserved for the build");
                } else if (!item.IsScalar()) {
                  problem(item_line, item_path, "must be a string");
                } else {
                  project.environment_variables[variable] = item.Scalar();
                }
              });
    } else if (key == "artifacts_directory") {
      if (!value.IsScalar() || !value.Scalar().starts_with("/")) {
        problem(at, key_path, "must be an absolute path to a folder");
        return;
      }
      project.artifacts_directory = value.Scalar();
    } else {
      problem(at, key_path,
              "is not a project setting; expected buildspec, environment_variables or "
              "artifacts_directory");
    }
  });
}

void read_codebuild(const YAML::Node& node, int line, ServerConfig& config,
                    const ProblemSink& problem) {
  if (!node.IsMap()) {
    problem(line, "codebuild", "must be a map with the key projects");
    return;
  }
  entries(node, "codebuild", problem, [&](const std::string& key, const YAML::Node& value, int at) {
    if (key != "projects") {
      problem(at, "codebuild." + key, "is not a known setting; expected projects");
      return;
    }
    if (value.IsNull()) return;
    if (!value.IsMap()) {
      problem(at, "codebuild.projects", "must be a map of project names");
      return;
    }
    entries(value, "codebuild.projects", problem,
            [&](const std::string& name, const YAML::Node& project, int project_line) {
              read_project(name, project, project_line, config.codebuild_projects[name], problem);
            });
  });
}

void read_secrets(const YAML::Node& node, int line, ServerConfig& config,
                  const ProblemSink& problem) {
  if (node.IsNull()) return;
  if (!node.IsMap()) {
    problem(line, "secrets", "must be a map of secret names to values or {env: VARIABLE}");
    return;
  }
  entries(node, "secrets", problem, [&](const std::string& name, const YAML::Node& value, int at) {
    const std::string path = "secrets." + name;
    ServerConfig::Secret secret;
    secret.line = at;
    if (name.empty() || name.size() > 2048) {
      problem(at, path, "a secret name must have 1 to 2048 characters");
    } else if (value.IsScalar()) {
      secret.value = value.Scalar();
      config.secrets[name] = std::move(secret);
    } else if (value.IsMap() && value.size() == 1 && value["env"] && value["env"].IsScalar() &&
               valid_variable_name(value["env"].Scalar())) {
      secret.env = value["env"].Scalar();
      config.secrets[name] = std::move(secret);
    } else {
      // Never echo the value: it may be the secret itself.
      problem(at, path, "must be a string or {env: VARIABLE_NAME}");
    }
  });
}

}  // namespace

bool is_named_section(std::string_view key) {
  return key == "codebuild" || key == "secrets";
}

void read_named_section(const std::string& key, const YAML::Node& value, int key_line,
                        ServerConfig& config, const ProblemSink& problem) {
  if (key == "codebuild") {
    read_codebuild(value, key_line, config, problem);
  } else {
    read_secrets(value, key_line, config, problem);
  }
}

}  // namespace lockstep::config

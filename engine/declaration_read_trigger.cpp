// Reads pipeline triggers: Git push and pull-request filters and their glob criteria.
#include "engine/declaration_read.hpp"

namespace lockstep::engine {
namespace {

std::optional<GitFilterCriteria> read_criteria(DeclarationReader& reader, const YAML::Node& node,
                                               const std::string& path, std::string_view what) {
  auto obj = reader.object(node, path, what, {"includes", "excludes"});
  if (!obj) return std::nullopt;
  GitFilterCriteria criteria;
  if (auto* includes = obj->find("includes")) {
    criteria.includes = reader.string_list(*includes, obj->path_of("includes"), "includes", 1, 8,
                                           string_rules::kGlob);
  }
  if (auto* excludes = obj->find("excludes")) {
    criteria.excludes = reader.string_list(*excludes, obj->path_of("excludes"), "excludes", 1, 8,
                                           string_rules::kGlob);
  }
  return criteria;
}

void read_criteria_member(DeclarationReader& reader, const ObjectNode& obj, std::string_view name,
                          std::optional<GitFilterCriteria>& out) {
  if (auto* node = obj.find(name)) {
    out = read_criteria(reader, *node, obj.path_of(name), std::string(name) + " filter criteria");
  }
}

GitPushFilter read_push_filter(DeclarationReader& reader, const YAML::Node& node,
                               const std::string& path) {
  GitPushFilter filter;
  auto obj = reader.object(node, path, "a push filter", {"tags", "branches", "filePaths"});
  if (!obj) return filter;
  read_criteria_member(reader, *obj, "tags", filter.tags);
  read_criteria_member(reader, *obj, "branches", filter.branches);
  read_criteria_member(reader, *obj, "filePaths", filter.filePaths);
  return filter;
}

GitPullRequestFilter read_pull_request_filter(DeclarationReader& reader, const YAML::Node& node,
                                              const std::string& path) {
  GitPullRequestFilter filter;
  auto obj =
      reader.object(node, path, "a pull request filter", {"events", "branches", "filePaths"});
  if (!obj) return filter;
  if (auto* events = obj->find("events")) {
    reader.list(
        *events, obj->path_of("events"), "events", 1, 3,
        [&](const YAML::Node& item, const std::string& item_path, std::size_t) {
          if (auto e = reader.enumeration(item, item_path, "pull request event",
                                          &parse_pull_request_event, "OPEN, UPDATED, CLOSED")) {
            filter.events.push_back(*e);
          }
        });
  }
  read_criteria_member(reader, *obj, "branches", filter.branches);
  read_criteria_member(reader, *obj, "filePaths", filter.filePaths);
  return filter;
}

}  // namespace

PipelineTriggerDeclaration read_trigger(DeclarationReader& reader, const YAML::Node& node,
                                        const std::string& path) {
  PipelineTriggerDeclaration trigger;
  auto obj = reader.object(node, path, "a trigger", {"providerType", "gitConfiguration"});
  if (!obj) return trigger;
  if (auto* provider = obj->require("providerType", reader)) {
    if (auto v = reader.fixed_string(*provider, obj->path_of("providerType"), "providerType",
                                     {"CodeStarSourceConnection"})) {
      trigger.providerType = *v;
    }
  }
  auto* git = obj->require("gitConfiguration", reader);
  if (git == nullptr) return trigger;
  auto config = reader.object(*git, obj->path_of("gitConfiguration"), "gitConfiguration",
                              {"sourceActionName", "push", "pullRequest"});
  if (!config) return trigger;
  GitConfiguration& out = trigger.gitConfiguration;
  if (auto* name = config->require("sourceActionName", reader)) {
    if (auto v = reader.string(*name, config->path_of("sourceActionName"), "sourceActionName",
                               string_rules::kName)) {
      out.sourceActionName = *v;
    }
  }
  if (auto* push = config->find("push")) {
    reader.list(*push, config->path_of("push"), "push", 1, 3,
                [&](const YAML::Node& item, const std::string& item_path, std::size_t) {
                  out.push.push_back(read_push_filter(reader, item, item_path));
                });
  }
  if (auto* pull = config->find("pullRequest")) {
    reader.list(*pull, config->path_of("pullRequest"), "pullRequest", 1, 3,
                [&](const YAML::Node& item, const std::string& item_path, std::size_t) {
                  out.pullRequest.push_back(read_pull_request_filter(reader, item, item_path));
                });
  }
  return trigger;
}

}  // namespace lockstep::engine

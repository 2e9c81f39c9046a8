// Trigger rules: each names a Git source action of the first stage, at most one per action, and
// its filters use the documented combinations (SEMANTICS §2.1 rule 15, §16.2).
#include <map>

#include "engine/action_type_registry.hpp"
#include "engine/declaration_rules.hpp"
#include "engine/glob_pattern.hpp"

namespace lockstep::engine::rules {
namespace {

std::string members_used(std::initializer_list<std::pair<const char*, bool>> members) {
  std::string used;
  for (const auto& [name, present] : members) {
    if (present) used += (used.empty() ? "" : " and ") + std::string(name);
  }
  return used.empty() ? "no criteria" : used;
}

// Every include and exclude is a glob (§16.3); a broken one would silently match nothing.
void check_patterns(const std::optional<GitFilterCriteria>& criteria, const std::string& path,
                    Problems& out) {
  if (!criteria) return;
  const std::pair<const char*, const std::vector<std::string>*> lists[] = {
      {"includes", &criteria->includes}, {"excludes", &criteria->excludes}};
  for (const auto& [name, patterns] : lists) {
    for (std::size_t i = 0; i < patterns->size(); ++i) {
      const std::string error = glob_pattern_error((*patterns)[i]);
      if (error.empty()) continue;
      add(out, path + "." + name + "[" + std::to_string(i) + "]",
          "the pattern " + quoted((*patterns)[i]) + " is not a valid glob: " + error,
          exception::kInvalidStructure);
    }
  }
}

void check_source_action(const PipelineDeclaration& d, const GitConfiguration& git,
                         const std::string& path, Problems& out) {
  if (git.sourceActionName.empty() || d.stages.empty()) return;
  const StageDeclaration& first = d.stages.front();
  for (const auto& action : first.actions) {
    if (action.name != git.sourceActionName) continue;
    const ActionTypeSpec* spec = find_action_type(action.actionTypeId);
    if (action.actionTypeId.category != ActionCategory::Source || spec == nullptr ||
        !spec->git_source) {
      add(out, path,
          "trigger sourceActionName " + quoted(git.sourceActionName) + " names a " +
              to_string(action.actionTypeId.category) + " " + type_name(action.actionTypeId) +
              " action; triggers need a Git source action (AWS/CodeStarSourceConnection)",
          exception::kInvalidStructure);
    }
    return;
  }
  add(out, path,
      "trigger sourceActionName " + quoted(git.sourceActionName) +
          " does not name an action in the first stage " + quoted(first.name),
      exception::kInvalidStructure);
}

void check_filters(const GitConfiguration& git, const std::string& base, Problems& out) {
  const std::string invalid = "the trigger configuration for source action " +
                              quoted(git.sourceActionName) + " is not valid: ";
  if (git.push.empty() && git.pullRequest.empty()) {
    add(out, base, invalid + "it needs a push or pullRequest filter", exception::kInvalidStructure);
  }
  for (std::size_t f = 0; f < git.push.size(); ++f) {
    const GitPushFilter& filter = git.push[f];
    const std::string path = base + ".push[" + std::to_string(f) + "]";
    check_patterns(filter.tags, path + ".tags", out);
    check_patterns(filter.branches, path + ".branches", out);
    check_patterns(filter.filePaths, path + ".filePaths", out);
    const bool tags_only = filter.tags && !filter.branches && !filter.filePaths;
    const bool branches = !filter.tags && filter.branches;
    if (!tags_only && !branches) {
      add(out, path,
          invalid + "push filter " + std::to_string(f + 1) + " uses " +
              members_used({{"tags", filter.tags.has_value()},
                            {"branches", filter.branches.has_value()},
                            {"filePaths", filter.filePaths.has_value()}}) +
              "; use valid filter combinations: tags alone, branches alone, or branches with "
              "filePaths",
          exception::kInvalidStructure);
    }
    for (std::size_t earlier = 0; earlier < f; ++earlier) {
      if (git.push[earlier] == filter) {
        add(out, path,
            invalid + "push filter " + std::to_string(f + 1) + " repeats push filter " +
                std::to_string(earlier + 1),
            exception::kInvalidStructure);
        break;
      }
    }
  }
  for (std::size_t f = 0; f < git.pullRequest.size(); ++f) {
    const GitPullRequestFilter& filter = git.pullRequest[f];
    const std::string path = base + ".pullRequest[" + std::to_string(f) + "]";
    check_patterns(filter.branches, path + ".branches", out);
    check_patterns(filter.filePaths, path + ".filePaths", out);
    if (!filter.branches) {
      add(out, path,
          invalid + "pull request filter " + std::to_string(f + 1) + " uses " +
              members_used({{"filePaths", filter.filePaths.has_value()}}) +
              " without branches; use valid filter combinations: branches alone, or branches "
              "with filePaths",
          exception::kInvalidStructure);
    }
    for (std::size_t earlier = 0; earlier < f; ++earlier) {
      if (git.pullRequest[earlier] == filter) {
        add(out, path,
            invalid + "pull request filter " + std::to_string(f + 1) +
                " repeats pull request filter " + std::to_string(earlier + 1),
            exception::kInvalidStructure);
        break;
      }
    }
  }
}

}  // namespace

void check_triggers(const PipelineDeclaration& d, Problems& out) {
  std::map<std::string, std::size_t> trigger_of;
  for (std::size_t t = 0; t < d.triggers.size(); ++t) {
    const GitConfiguration& git = d.triggers[t].gitConfiguration;
    const std::string base = "pipeline.triggers[" + std::to_string(t) + "].gitConfiguration";
    check_source_action(d, git, base + ".sourceActionName", out);
    if (!git.sourceActionName.empty()) {
      auto [it, inserted] = trigger_of.emplace(git.sourceActionName, t);
      if (!inserted) {
        add(out, base + ".sourceActionName",
            "source action " + quoted(git.sourceActionName) + " already has a trigger (triggers[" +
                std::to_string(it->second) + "]); a source action can have at most one trigger",
            exception::kInvalidStructure);
      }
    }
    check_filters(git, base, out);
  }
}

}  // namespace lockstep::engine::rules

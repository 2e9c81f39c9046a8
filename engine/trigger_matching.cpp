// Trigger matching (SEMANTICS §16.1, §16.3, §16.4): filters, default detection, reasons.
//
// Choices where the spec says [unconfirmed] or is silent (copied to engine/DECISIONS.md):
// * Criteria with only excludes match every value they do not exclude (§16.3).
// * A pull request filter without events matches OPEN, UPDATED and CLOSED (§16.3).
// * Deleting a branch or a tag never starts an execution, whatever the filters (§16.3).
// * Default detection starts use triggerType Webhook, or PollForSourceChanges for a poll;
//   filtered triggers always use WebhookV2 (§16.3).
// * Default detection is off per source action: only the action a trigger names loses it; another
//   Git source action of the same pipeline keeps detecting pushes to its own branch (§16.1 says
//   "a trigger ... for a source action"; AWS's note does not say whether it is pipeline-wide).
// * DetectChanges (CodeStarSourceConnection) and PollForSourceChanges (GitHub version 1) turn off
//   default detection only; a trigger that names the action still applies. "false" is compared
//   case-insensitively, as CloudFormation's boolean strings are.
// * Repositories are compared ASCII case-insensitively (GitHub and GitLab resolve owner/name that
//   way); branch and tag names exactly, as Git does.
// * One event starts at most one execution per pipeline; every source action that matched pins
//   the event's commit, the others fetch the head of their branch at start (§16.4).
// * A push that creates a branch has no changed files, whatever the provider sent (§16.3); an
//   event whose changed files are unknown never matches a filePaths filter either.
// * The first 100 changed files are taken in the order the event lists them; the webhook mapping
//   sorts them byte-wise (canonical_changed_files, §16.3a).
// * A pattern that is not a valid glob matches nothing (the validator rejects such declarations).
// * triggerDetail: the ConnectionArn of the (first) matching source action, else the event's
//   delivery detail, else the event's description.
#include "engine/trigger_matching.hpp"

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string_view>

#include "engine/action_type_registry.hpp"
#include "engine/glob_pattern.hpp"

namespace lockstep::engine {
namespace {

constexpr std::size_t kTriggerDetailLimit = 1024;  // API length of triggerDetail

std::string quoted(std::string_view s) {
  return "\"" + std::string(s) + "\"";
}

std::string join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
}

std::string quoted_list(const std::vector<std::string>& items) {
  std::vector<std::string> q;
  for (const auto& item : items) q.push_back(quoted(item));
  return join(q, ", ");
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    auto lower = [](char c) {
      return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    };
    return lower(x) == lower(y);
  });
}

std::string config_value(const ActionDeclaration& action, const char* key) {
  auto it = action.configuration.find(key);
  return it == action.configuration.end() ? std::string() : it->second;
}

// A Git source action as change detection sees it, whatever its provider's key names.
struct GitSource {
  const ActionDeclaration* action = nullptr;
  std::string repository;
  std::string branch;
  std::string detectKey;  // DetectChanges or PollForSourceChanges
  bool detectChanges = true;
  std::string connectionArn;
};

std::optional<GitSource> as_git_source(const ActionDeclaration& action) {
  if (action.actionTypeId.category != ActionCategory::Source) return std::nullopt;
  const ActionTypeSpec* spec = find_action_type(action.actionTypeId);
  if (spec == nullptr || !spec->git_source) return std::nullopt;
  GitSource source;
  source.action = &action;
  if (action.actionTypeId.owner == ActionOwner::ThirdParty &&
      action.actionTypeId.provider == "GitHub") {
    source.repository = config_value(action, "Owner") + "/" + config_value(action, "Repo");
    source.branch = config_value(action, "Branch");
    source.detectKey = "PollForSourceChanges";
  } else {
    source.repository = config_value(action, "FullRepositoryId");
    source.branch = config_value(action, "BranchName");
    source.detectKey = "DetectChanges";
    source.connectionArn = config_value(action, "ConnectionArn");
  }
  source.detectChanges =
      !equals_ignoring_case(config_value(action, source.detectKey.c_str()), "false");
  return source;
}

const GitConfiguration* trigger_for(const PipelineDeclaration& d, const std::string& action_name) {
  for (const auto& trigger : d.triggers) {
    if (trigger.gitConfiguration.sourceActionName == action_name) return &trigger.gitConfiguration;
  }
  return nullptr;
}

// Filter criteria with their globs compiled once, for evaluation over many changed files.
class Criteria {
 public:
  explicit Criteria(const GitFilterCriteria& c) : includes_text_(c.includes) {
    for (const auto& p : c.includes) includes_.emplace_back(p);
    for (const auto& p : c.excludes) excludes_.emplace_back(p);
  }

  // criteriaMatch of §16.3; nullopt when `value` matches, else why not.
  std::optional<std::string> failure(std::string_view value) const {
    for (const auto& exclude : excludes_) {
      if (exclude.matches(value))
        return "is excluded by " + quoted(exclude.text());  // excludes win
    }
    if (includes_.empty()) return std::nullopt;
    for (const auto& include : includes_) {
      if (include.matches(value)) return std::nullopt;
    }
    return "matches none of the includes " + quoted_list(includes_text_);
  }

 private:
  std::vector<std::string> includes_text_;
  std::vector<GlobPattern> includes_;
  std::vector<GlobPattern> excludes_;
};

// filesMatch of §16.3: some file among the first 100, judged on its own, passes the criteria.
std::optional<std::string> files_failure(const TriggerEvent& e,
                                         const std::optional<GitFilterCriteria>& file_paths) {
  if (!file_paths) return std::nullopt;
  if (e.created)
    return "file paths are filtered, but a push that creates a branch has no changed files";
  if (!e.changedFiles)
    return "file paths are filtered, but the changed files of this event are unknown";
  const auto& files = *e.changedFiles;
  if (files.empty()) return "file paths are filtered, but the event changes no files";
  const Criteria criteria(*file_paths);
  const std::size_t considered = std::min(files.size(), kChangedFilesConsidered);
  std::string first_failure;
  for (std::size_t i = 0; i < considered; ++i) {
    auto why = criteria.failure(files[i]);
    if (!why) return std::nullopt;
    if (first_failure.empty()) first_failure = "file " + quoted(files[i]) + " " + *why;
  }
  if (considered == 1) return "the changed " + first_failure;
  const std::string which = files.size() > considered ? "the first " + std::to_string(considered) +
                                                            " of " + std::to_string(files.size())
                                                      : "the " + std::to_string(considered);
  return "none of " + which + " changed files passes the file paths (" + first_failure + ")";
}

std::optional<std::string> push_filter_failure(const TriggerEvent& e, const GitPushFilter& f) {
  if (e.refKind == RefKind::Tag) {
    if (!f.tags) return std::string("it matches branch pushes only");
    if (auto why = Criteria(*f.tags).failure(e.ref)) return "tag " + quoted(e.ref) + " " + *why;
    return std::nullopt;
  }
  if (!f.branches) return std::string("it matches tag pushes only");
  if (auto why = Criteria(*f.branches).failure(e.ref))
    return "branch " + quoted(e.ref) + " " + *why;
  return files_failure(e, f.filePaths);
}

std::optional<std::string> pull_request_filter_failure(const TriggerEvent& e,
                                                       const GitPullRequestFilter& f) {
  // No events listed: every event matches (§16.3, unconfirmed).
  if (!f.events.empty() &&
      std::find(f.events.begin(), f.events.end(), e.pullRequestEvent) == f.events.end()) {
    std::vector<std::string> names;
    for (auto event : f.events) names.emplace_back(to_string(event));
    return std::string("it takes ") + join(names, ", ") + " events, not " +
           to_string(e.pullRequestEvent);
  }
  if (f.branches) {
    if (auto why = Criteria(*f.branches).failure(e.destinationBranch)) {
      return "destination branch " + quoted(e.destinationBranch) + " " + *why;
    }
  }
  return files_failure(e, f.filePaths);
}

// Judges the event by the filters of the trigger that names the action.
void judge_by_trigger(const TriggerEvent& e, const GitConfiguration& git, SourceActionMatch& out) {
  std::vector<std::string> failures;
  if (e.kind == TriggerEventKind::Push) {
    if (git.push.empty()) {
      out.reason = "its trigger has no push filter";
      return;
    }
    for (std::size_t k = 0; k < git.push.size(); ++k) {
      const std::string label = "push filter " + std::to_string(k + 1);
      if (auto why = push_filter_failure(e, git.push[k])) {
        failures.push_back(label + ": " + *why);
        continue;
      }
      out.matched = true;
      out.reason =
          label + " matches " + (e.refKind == RefKind::Tag ? "tag " : "branch ") + quoted(e.ref);
      return;
    }
    out.reason = "no push filter of its trigger matches (" + join(failures, "; ") + ")";
    return;
  }
  if (git.pullRequest.empty()) {
    out.reason = "its trigger has no pull request filter";
    return;
  }
  for (std::size_t k = 0; k < git.pullRequest.size(); ++k) {
    const std::string label = "pull request filter " + std::to_string(k + 1);
    if (auto why = pull_request_filter_failure(e, git.pullRequest[k])) {
      failures.push_back(label + ": " + *why);
      continue;
    }
    out.matched = true;
    out.reason = label + " matches " + to_string(e.pullRequestEvent) + " into " +
                 quoted(e.destinationBranch);
    return;
  }
  out.reason = "no pull request filter of its trigger matches (" + join(failures, "; ") + ")";
}

// Default change detection (§16.1): pushes to the action's own branch.
void judge_by_default(const TriggerEvent& e, const GitSource& source, SourceActionMatch& out) {
  if (!source.detectChanges) {
    out.reason =
        source.detectKey + " is \"false\" and no trigger names it, so only manual starts run it";
  } else if (e.kind == TriggerEventKind::PullRequest) {
    out.reason = "pull request events start it only through a trigger with a pull request filter";
  } else if (e.refKind == RefKind::Tag) {
    out.reason = "tag pushes start it only through a trigger with a tags filter";
  } else if (e.ref != source.branch) {
    out.reason = "branch " + quoted(e.ref) + " is not its branch " + quoted(source.branch) +
                 " (default change detection)";
  } else {
    out.matched = true;
    out.reason = "push to its branch " + quoted(source.branch) + " (default change detection)";
  }
}

std::string with_action(const SourceActionMatch& m) {
  return "source action " + quoted(m.actionName) + ": " + m.reason;
}

}  // namespace

std::string describe_trigger_event(const TriggerEvent& e) {
  std::string text;
  if (e.kind == TriggerEventKind::PullRequest) {
    text = "pull request " + (e.pullRequestId.empty() ? std::string() : e.pullRequestId + " ") +
           "(" + to_string(e.pullRequestEvent) + ") from " + quoted(e.sourceBranch) + " into " +
           quoted(e.destinationBranch) + " of " + e.repository;
  } else {
    const std::string ref = (e.refKind == RefKind::Tag ? "tag " : "branch ") + quoted(e.ref);
    if (e.deleted) {
      text = "push deleting " + ref + " of " + e.repository;
    } else if (e.created) {
      text = "push creating " + ref + " of " + e.repository;
    } else if (e.refKind == RefKind::Tag) {
      text = "push of " + ref + " to " + e.repository;
    } else {
      text = "push to " + ref + " of " + e.repository;
    }
  }
  if (e.origin == TriggerOrigin::Poll) text += " (seen by polling)";
  return text;
}

TriggerMatch match_triggers(const PipelineDeclaration& d, const TriggerEvent& e) {
  TriggerMatch m;
  const std::string what = describe_trigger_event(e);

  std::vector<GitSource> sources;
  for (const auto& stage : d.stages) {
    for (const auto& action : stage.actions) {
      auto source = as_git_source(action);
      if (source && equals_ignoring_case(source->repository, e.repository))
        sources.push_back(*source);
    }
  }
  if (sources.empty()) {
    m.reason = what + " starts nothing: no Git source action uses repository " + e.repository;
    return m;
  }

  std::string refused;  // a reason that holds for every source action
  if (e.kind == TriggerEventKind::Push && e.deleted) {
    refused = std::string("deleting a ") + (e.refKind == RefKind::Tag ? "tag" : "branch") +
              " never starts an execution";
  } else if (e.commitId.empty()) {
    refused = "the event names no commit";
  }

  std::vector<std::string> matched_reasons;
  std::vector<std::string> other_reasons;
  for (const auto& source : sources) {
    const GitConfiguration* git = trigger_for(d, source.action->name);
    SourceActionMatch& am = m.actions.emplace_back();
    am.actionName = source.action->name;
    am.byTrigger = git != nullptr;
    if (!refused.empty()) {
      am.reason = refused;
    } else if (git != nullptr) {
      judge_by_trigger(e, *git, am);
    } else {
      judge_by_default(e, source, am);
    }
    (am.matched ? matched_reasons : other_reasons).push_back(with_action(am));
    if (am.matched) m.sourceRevisions.push_back({am.actionName, "COMMIT_ID", e.commitId});
  }

  if (!refused.empty()) {
    m.reason = what + " starts nothing: " + refused;
    return m;
  }
  if (matched_reasons.empty()) {
    m.reason = what + " starts nothing: " + join(other_reasons, "; ");
    return m;
  }

  // A filtered trigger decides the type whenever one matched: WebhookV2 is required for those.
  const bool by_trigger = std::any_of(m.actions.begin(), m.actions.end(),
                                      [](const auto& a) { return a.matched && a.byTrigger; });
  m.start = true;
  m.trigger.triggerType = by_trigger                        ? "WebhookV2"
                          : e.origin == TriggerOrigin::Poll ? "PollForSourceChanges"
                                                            : "Webhook";
  for (std::size_t i = 0; i < m.actions.size(); ++i) {
    if (m.actions[i].matched && m.actions[i].byTrigger == by_trigger) {
      m.trigger.triggerDetail = sources[i].connectionArn;
      break;
    }
  }
  if (m.trigger.triggerDetail.empty()) m.trigger.triggerDetail = e.detail.empty() ? what : e.detail;
  if (m.trigger.triggerDetail.size() > kTriggerDetailLimit)
    m.trigger.triggerDetail.resize(kTriggerDetailLimit);
  m.reason = what + " starts an execution: " + join(matched_reasons, "; ");
  return m;
}

StartExecution start_execution_for(const PipelineDeclaration& declaration,
                                   const TriggerMatch& match) {
  StartExecution start;
  start.pipelineName = declaration.name;
  start.trigger = match.trigger;
  start.sourceRevisions = match.sourceRevisions;
  start.fromGitTrigger = true;
  return start;
}

}  // namespace lockstep::engine

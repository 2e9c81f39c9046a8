#include "server/gitlab_event.hpp"

#include <algorithm>

#include "engine/trigger_event.hpp"

namespace lockstep::server {
namespace {

constexpr std::string_view kBranchPrefix = "refs/heads/";
constexpr std::string_view kTagPrefix = "refs/tags/";

bool is_zero_sha(const std::string& sha) {
  return !sha.empty() && std::all_of(sha.begin(), sha.end(), [](char c) { return c == '0'; });
}

WebhookEvent ignored(std::string message) {
  WebhookEvent event;
  event.kind = WebhookEventKind::Ignored;
  event.message = std::move(message);
  return event;
}

WebhookEvent read_push(PayloadReader& reader, engine::RefKind expected) {
  engine::TriggerEvent trigger;
  trigger.provider = "GitLab";
  trigger.repository = reader.string("/project/path_with_namespace");
  const std::string ref = reader.string("/ref");
  const std::string before = reader.string("/before", false);
  const std::string after = reader.string("/after");
  const std::string checkout = reader.string("/checkout_sha", false);
  auto files = reader.commit_files("/commits");
  if (!reader.problems().empty()) return {};

  const std::string_view prefix = expected == engine::RefKind::Branch ? kBranchPrefix : kTagPrefix;
  if (!ref.starts_with(prefix)) {
    return ignored("ref " + ref + " starts nothing: a " +
                   (expected == engine::RefKind::Branch ? "Push Hook" : "Tag Push Hook") +
                   " must name a ref under " + std::string(prefix));
  }
  trigger.refKind = expected;
  trigger.ref = ref.substr(prefix.size());
  trigger.deleted = is_zero_sha(after);
  trigger.created = is_zero_sha(before);
  trigger.commitId = trigger.deleted ? std::string() : (checkout.empty() ? after : checkout);
  if (!trigger.created && !trigger.deleted)
    trigger.changedFiles = engine::canonical_changed_files(std::move(files));

  WebhookEvent event;
  event.kind = WebhookEventKind::Trigger;
  event.trigger = std::move(trigger);
  return event;
}

WebhookEvent read_merge_request(PayloadReader& reader) {
  engine::TriggerEvent trigger;
  trigger.provider = "GitLab";
  trigger.kind = engine::TriggerEventKind::PullRequest;
  trigger.repository = reader.string("/project/path_with_namespace");
  const std::string action = reader.string("/object_attributes/action");
  trigger.sourceBranch = reader.string("/object_attributes/source_branch");
  trigger.destinationBranch = reader.string("/object_attributes/target_branch");
  trigger.commitId = reader.string("/object_attributes/last_commit/id");
  trigger.commitMessage = reader.string("/object_attributes/title", false);
  const bool new_commits = reader.at("/object_attributes/oldrev", false) != nullptr;
  if (const nlohmann::json* iid = reader.at("/object_attributes/iid", false);
      iid != nullptr && iid->is_number_integer()) {
    trigger.pullRequestId = std::to_string(iid->get<long long>());
  }
  if (!reader.problems().empty()) return {};

  if (action == "open" || action == "reopen") {
    trigger.pullRequestEvent = engine::PullRequestEvent::Open;
  } else if (action == "update" && new_commits) {
    trigger.pullRequestEvent = engine::PullRequestEvent::Updated;
  } else if (action == "update") {
    return ignored(
        "merge request update without new commits starts nothing: only pushes to the source "
        "branch make it UPDATED");
  } else if (action == "merge" || action == "close") {
    trigger.pullRequestEvent = engine::PullRequestEvent::Closed;
  } else {
    return ignored("merge request action \"" + action +
                   "\" starts nothing: only open, reopen, update with new commits, merge and "
                   "close do");
  }
  WebhookEvent event;
  event.kind = WebhookEventKind::Trigger;
  event.trigger = std::move(trigger);
  return event;
}

}  // namespace

std::string gitlab_repository(const nlohmann::json& payload) {
  PayloadReader reader(payload);
  return reader.string("/project/path_with_namespace", false);
}

WebhookEvent read_gitlab_event(std::string_view event, const nlohmann::json& payload,
                               std::vector<std::string>& problems) {
  if (!payload.is_object()) {
    problems.push_back("the payload must be a JSON object");
    return {};
  }
  PayloadReader reader(payload);
  WebhookEvent result;
  if (event == "Push Hook") {
    result = read_push(reader, engine::RefKind::Branch);
  } else if (event == "Tag Push Hook") {
    result = read_push(reader, engine::RefKind::Tag);
  } else if (event == "Merge Request Hook") {
    result = read_merge_request(reader);
  } else {
    result = ignored("GitLab event \"" + std::string(event) +
                     "\" starts nothing: Lockstep acts on Push Hook, Tag Push Hook and Merge "
                     "Request Hook");
  }
  problems.insert(problems.end(), reader.problems().begin(), reader.problems().end());
  return result;
}

}  // namespace lockstep::server

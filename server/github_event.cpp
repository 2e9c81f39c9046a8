#include "server/github_event.hpp"

#include "engine/trigger_event.hpp"

namespace lockstep::server {
namespace {

constexpr std::string_view kBranchPrefix = "refs/heads/";
constexpr std::string_view kTagPrefix = "refs/tags/";

WebhookEvent ignored(std::string message) {
  WebhookEvent event;
  event.kind = WebhookEventKind::Ignored;
  event.message = std::move(message);
  return event;
}

WebhookEvent read_push(PayloadReader& reader) {
  engine::TriggerEvent trigger;
  trigger.provider = "GitHub";
  trigger.repository = reader.string("/repository/full_name");
  const std::string ref = reader.string("/ref");
  trigger.deleted = reader.boolean("/deleted", false);
  trigger.created = reader.boolean("/created", false);
  const std::string after = reader.string("/after", !trigger.deleted);
  const std::string head = reader.string("/head_commit/id", false);
  trigger.commitMessage = reader.string("/head_commit/message", false);
  auto files = reader.commit_files("/commits");
  if (!reader.problems().empty()) return {};

  if (ref.starts_with(kBranchPrefix)) {
    trigger.refKind = engine::RefKind::Branch;
    trigger.ref = ref.substr(kBranchPrefix.size());
    trigger.commitId = after;
  } else if (ref.starts_with(kTagPrefix)) {
    trigger.refKind = engine::RefKind::Tag;
    trigger.ref = ref.substr(kTagPrefix.size());
    trigger.commitId = head.empty() ? after : head;
  } else {
    return ignored("push to " + ref + " starts nothing: it is neither a branch nor a tag");
  }
  if (trigger.deleted) trigger.commitId.clear();
  if (!trigger.created && !trigger.deleted)
    trigger.changedFiles = engine::canonical_changed_files(std::move(files));

  WebhookEvent event;
  event.kind = WebhookEventKind::Trigger;
  event.trigger = std::move(trigger);
  return event;
}

WebhookEvent read_pull_request(PayloadReader& reader) {
  const std::string action = reader.string("/action");
  engine::TriggerEvent trigger;
  trigger.provider = "GitHub";
  trigger.kind = engine::TriggerEventKind::PullRequest;
  trigger.repository = reader.string("/repository/full_name");
  trigger.sourceBranch = reader.string("/pull_request/head/ref");
  trigger.destinationBranch = reader.string("/pull_request/base/ref");
  trigger.commitId = reader.string("/pull_request/head/sha");
  trigger.commitMessage = reader.string("/pull_request/title", false);
  if (const nlohmann::json* number = reader.at("/number", false);
      number != nullptr && number->is_number_integer()) {
    trigger.pullRequestId = std::to_string(number->get<long long>());
  }
  if (!reader.problems().empty()) return {};

  if (action == "opened" || action == "reopened") {
    trigger.pullRequestEvent = engine::PullRequestEvent::Open;
  } else if (action == "synchronize") {
    trigger.pullRequestEvent = engine::PullRequestEvent::Updated;
  } else if (action == "closed") {
    trigger.pullRequestEvent = engine::PullRequestEvent::Closed;
  } else {
    return ignored("pull_request action \"" + action +
                   "\" starts nothing: only opened, reopened, synchronize and closed do");
  }
  WebhookEvent event;
  event.kind = WebhookEventKind::Trigger;
  event.trigger = std::move(trigger);  // changedFiles stays unknown (see the header)
  return event;
}

WebhookEvent read_ping(PayloadReader& reader) {
  const std::string repository = reader.string("/repository/full_name", false);
  std::string hook;
  if (const nlohmann::json* id = reader.at("/hook_id", false);
      id != nullptr && id->is_number_integer()) {
    hook = " " + std::to_string(id->get<long long>());
  }
  WebhookEvent event;
  event.kind = WebhookEventKind::Ping;
  event.message = "pong: hook" + hook + (repository.empty() ? std::string() : " of " + repository) +
                  " reached Lockstep";
  return event;
}

}  // namespace

std::string github_repository(const nlohmann::json& payload) {
  PayloadReader reader(payload);
  return reader.string("/repository/full_name", false);
}

WebhookEvent read_github_event(std::string_view event, const nlohmann::json& payload,
                               std::vector<std::string>& problems) {
  if (!payload.is_object()) {
    problems.push_back("the payload must be a JSON object");
    return {};
  }
  PayloadReader reader(payload);
  WebhookEvent result;
  if (event == "ping") {
    result = read_ping(reader);
  } else if (event == "push") {
    result = read_push(reader);
  } else if (event == "pull_request") {
    result = read_pull_request(reader);
  } else {
    result = ignored("GitHub event \"" + std::string(event) +
                     "\" starts nothing: Lockstep acts on push, pull_request and ping");
  }
  problems.insert(problems.end(), reader.problems().begin(), reader.problems().end());
  return result;
}

}  // namespace lockstep::server

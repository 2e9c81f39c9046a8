#include "executors/approval/approval_executor.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <set>
#include <utility>

#include "executors/approval/approval_notice.hpp"
#include "executors/approval/link_token.hpp"

namespace lockstep::executors::approval {

namespace {

// NotifyEmails is free text in a declaration; a long list is a mistake, not an audience.
constexpr std::size_t kMaxRecipients = 50;

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

std::string config_value(const engine::StartAction& action, const std::string& key) {
  const auto it = action.resolvedConfiguration.find(key);
  return it == action.resolvedConfiguration.end() ? std::string() : it->second;
}

// The links one person (or the webhook's channel) gets: approve and reject.
struct Audience {
  std::string recipient;
  std::string approveToken;
  std::string rejectToken;
};

}  // namespace

ApprovalExecutor::ApprovalExecutor(engine::ApprovalLinkStore& links, ApprovalNotifications settings,
                                   const engine::Clock& clock)
    : links_(links), settings_(std::move(settings)), clock_(clock) {
  while (settings_.publicUrl.ends_with('/')) settings_.publicUrl.pop_back();
}

void ApprovalExecutor::start(const engine::StartAction& action, engine::CompletionHandler) {
  worker_.post([this, action] { notify(action); });
}

void ApprovalExecutor::cancel(const engine::CancelAction& cancel) {
  worker_.post(
      [this, id = cancel.actionExecutionId] { links_.close_approval_links(id, clock_.now()); });
}

std::vector<std::string> ApprovalExecutor::recipients(const engine::StartAction& action) const {
  std::vector<std::string> rejected;
  std::vector<std::string> candidates =
      split_mail_addresses(config_value(action, "NotifyEmails"), &rejected);
  for (const std::string& item : rejected) {
    spdlog::warn("approval {} of pipeline {}: NotifyEmails entry '{}' is not a mail address",
                 action.action.name, action.pipelineName, item);
  }
  if (auto it = settings_.pipelineRecipients.find(action.pipelineName);
      it != settings_.pipelineRecipients.end()) {
    candidates.insert(candidates.end(), it->second.begin(), it->second.end());
  }
  std::vector<std::string> unique;
  std::set<std::string> seen;
  for (std::string& address : candidates) {
    if (!seen.insert(lower(address)).second) continue;
    if (unique.size() == kMaxRecipients) {
      spdlog::warn("approval {} of pipeline {}: only the first {} recipients are mailed",
                   action.action.name, action.pipelineName, kMaxRecipients);
      break;
    }
    unique.push_back(std::move(address));
  }
  return unique;
}

void ApprovalExecutor::notify(const engine::StartAction& action) {
  const std::string what = "approval " + action.action.name + " of pipeline " +
                           action.pipelineName + " (execution " + action.pipelineExecutionId + ")";
  std::vector<Audience> audience;
  const std::vector<std::string> addresses = recipients(action);
  if (settings_.smtp) {
    for (const std::string& address : addresses) audience.push_back({address, {}, {}});
  } else if (!addresses.empty()) {
    spdlog::warn(
        "{}: no SMTP server is configured (notifications.smtp), so {} recipients get no "
        "mail; it can still be decided with PutApprovalResult",
        what, addresses.size());
  }
  if (!settings_.webhookUrl.empty()) audience.push_back({kWebhookRecipient, {}, {}});
  if (audience.empty()) {
    spdlog::info("{} waits; nobody is configured to be notified", what);
    return;
  }

  const engine::Timestamp now = clock_.now();
  std::vector<engine::ApprovalLink> links;
  for (Audience& member : audience) {
    member.approveToken = new_link_token();
    member.rejectToken = new_link_token();
    for (const auto& [token, decision] :
         {std::pair{&member.approveToken, engine::ApprovalStatus::Approved},
          std::pair{&member.rejectToken, engine::ApprovalStatus::Rejected}}) {
      engine::ApprovalLink link;
      link.tokenHash = hash_link_token(*token);
      link.actionExecutionId = action.actionExecutionId;
      link.pipelineName = action.pipelineName;
      link.pipelineExecutionId = action.pipelineExecutionId;
      link.stageName = action.stageName;
      link.actionName = action.action.name;
      link.approvalToken = action.approvalToken;
      link.recipient = member.recipient;
      link.decision = decision;
      link.customData = config_value(action, "CustomData");
      link.externalEntityLink = config_value(action, "ExternalEntityLink");
      link.expiresAt = action.approvalExpiresAt;
      link.createdAt = now;
      links.push_back(std::move(link));
    }
  }
  if (!links_.add_approval_links(links, now)) {
    spdlog::info("{} was notified before the restart; not notifying again", what);
    return;
  }

  ApprovalNotice notice;
  notice.pipelineName = action.pipelineName;
  notice.pipelineExecutionId = action.pipelineExecutionId;
  notice.stageName = action.stageName;
  notice.actionName = action.action.name;
  notice.customData = config_value(action, "CustomData");
  notice.externalEntityLink = config_value(action, "ExternalEntityLink");
  notice.expiresAt = action.approvalExpiresAt;
  for (const Audience& member : audience) {
    notice.approveUrl = settings_.publicUrl + "/approvals/" + member.approveToken;
    notice.rejectUrl = settings_.publicUrl + "/approvals/" + member.rejectToken;
    if (member.recipient == kWebhookRecipient) {
      if (auto error = post_json(settings_.webhookUrl, approval_webhook_body(notice))) {
        spdlog::warn("{}: the notification webhook failed: {}", what, *error);
      }
      continue;
    }
    const std::string message =
        approval_mail(notice, settings_.smtp->from, member.recipient, clock_.now());
    if (auto error = send_mail(*settings_.smtp, member.recipient, message)) {
      spdlog::warn("{}: mail to {} failed: {}", what, member.recipient, *error);
    } else {
      spdlog::info("{}: mailed the approval links to {}", what, member.recipient);
    }
  }
}

}  // namespace lockstep::executors::approval

#include "executors/approval/approval_executor.hpp"

#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

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

// How a stored notice goes out (engine::ApprovalDelivery::channel).
constexpr const char* kMailChannel = "mail";
constexpr const char* kWebhookChannel = "webhook";
constexpr const char* kSnsChannel = "sns";

// A notice that failed this often (each at a later approval or restart) is given up.
constexpr int kMaxDeliveryAttempts = 5;

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
  worker_.post([this] { send_pending(); });
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
  const std::string topic = config_value(action, "NotificationArn");
  if (!topic.empty() && settings_.sns) {
    audience.push_back({topic, {}, {}});
  } else if (!topic.empty()) {
    spdlog::warn(
        "{}: NotificationArn {} is not published to: no AWS endpoint or credentials are "
        "configured (aws.endpoint_url, aws.access_key_id)",
        what, topic);
  }
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
  ApprovalNotice notice;
  notice.pipelineName = action.pipelineName;
  notice.pipelineExecutionId = action.pipelineExecutionId;
  notice.stageName = action.stageName;
  notice.actionName = action.action.name;
  notice.customData = config_value(action, "CustomData");
  notice.externalEntityLink = config_value(action, "ExternalEntityLink");
  notice.expiresAt = action.approvalExpiresAt;
  std::vector<engine::ApprovalDelivery> deliveries;
  for (const Audience& member : audience) {
    notice.approveUrl = settings_.publicUrl + "/approvals/" + member.approveToken;
    notice.rejectUrl = settings_.publicUrl + "/approvals/" + member.rejectToken;
    engine::ApprovalDelivery delivery;
    delivery.actionExecutionId = action.actionExecutionId;
    delivery.recipient = member.recipient;
    if (member.recipient == kWebhookRecipient) {
      delivery.channel = kWebhookChannel;
      delivery.message = approval_webhook_body(notice);
    } else if (member.recipient == topic) {
      delivery.channel = kSnsChannel;
      delivery.message = approval_sns_message(
          notice, aws::topic_region(topic).value_or(settings_.sns->region), action.approvalToken,
          settings_.publicUrl + "/#/view/" + action.pipelineName);
    } else {
      delivery.channel = kMailChannel;
      delivery.message = approval_mail(notice, settings_.smtp->from, member.recipient, now);
    }
    deliveries.push_back(std::move(delivery));
  }
  if (!links_.add_approval_links(links, deliveries, now)) {
    spdlog::info("{} was notified before the restart; not notifying again", what);
    return;
  }
  if (settings_.testStopAfterStoring) return;
  send_pending();
}

std::optional<std::string> ApprovalExecutor::deliver(const engine::ApprovalDelivery& delivery) {
  if (delivery.channel == kWebhookChannel) {
    if (settings_.webhookUrl.empty()) return "the notification webhook is no longer configured";
    return post_json(settings_.webhookUrl, delivery.message);
  }
  if (delivery.channel == kSnsChannel) {
    if (!settings_.sns) return "no AWS endpoint or credentials are configured any more";
    std::string subject = "APPROVAL NEEDED";
    try {
      const auto approval = nlohmann::json::parse(delivery.message).at("approval");
      subject = approval_sns_subject(approval.at("pipelineName").get<std::string>(),
                                     approval.at("actionName").get<std::string>());
    } catch (const nlohmann::json::exception&) {
      // The message is ours; keep the generic subject if it cannot be read back.
    }
    return aws::publish_to_sns(*settings_.sns, delivery.recipient, subject, delivery.message,
                               static_cast<std::time_t>(clock_.now() / 1000));
  }
  if (delivery.channel == kMailChannel) {
    if (!settings_.smtp) return "no SMTP server is configured any more (notifications.smtp)";
    return send_mail(*settings_.smtp, delivery.recipient, delivery.message);
  }
  return "the channel " + delivery.channel + " is not known to this server";
}

void ApprovalExecutor::send_pending() {
  for (const engine::ApprovalDelivery& delivery :
       links_.pending_approval_deliveries(clock_.now())) {
    const std::string what = "approval notice " + std::to_string(delivery.id) + " (" +
                             delivery.channel + " to " + delivery.recipient + ", attempt " +
                             delivery.actionExecutionId + ")";
    const auto error = deliver(delivery);
    if (!error) {
      links_.record_approval_delivery(delivery.id, engine::DeliveryOutcome::Sent, clock_.now());
      spdlog::info("{}: sent", what);
      continue;
    }
    const bool give_up = delivery.attempts + 1 >= kMaxDeliveryAttempts;
    links_.record_approval_delivery(
        delivery.id, give_up ? engine::DeliveryOutcome::GaveUp : engine::DeliveryOutcome::Failed,
        clock_.now());
    spdlog::warn("{} failed{}: {}", what,
                 give_up ? " for the last time; it is given up"
                         : "; it is tried again when the next approval starts or the server "
                           "restarts",
                 *error);
  }
}

}  // namespace lockstep::executors::approval

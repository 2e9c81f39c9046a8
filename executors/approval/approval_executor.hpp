// AWS/Manual: when an approval starts, mails each recipient (and a chat webhook, and the SNS topic
// of NotificationArn) one-time links to approve or reject it. The decision itself arrives as an
// ApprovalResult, never from here.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/approval_link_store.hpp"
#include "engine/clock.hpp"
#include "engine/executor.hpp"
#include "executors/approval/curl_delivery.hpp"
#include "executors/approval/notification_worker.hpp"
#include "executors/aws/sns_publish.hpp"

namespace lockstep::executors::approval {

struct ApprovalNotifications {
  std::string publicUrl;             // base of the links, e.g. https://ci.example.com
  std::optional<SmtpSettings> smtp;  // no mail without it
  // notifications.pipelines.<name>.emails: who hears about every approval of that pipeline, on
  // top of the action's own NotifyEmails.
  std::map<std::string, std::vector<std::string>> pipelineRecipients;
  std::string webhookUrl;  // Slack-compatible incoming webhook; empty: none
  // Where an approval's NotificationArn topic is published to (aws.endpoint_url and the AWS
  // credentials); without it a NotificationArn is only logged.
  std::optional<aws::SnsSettings> sns;
  // Test hook: stop once the links and their notices are stored, before anything is sent, as a
  // crash at that point would. The next executor on the same store sends them.
  bool testStopAfterStoring = false;
};

// The recipient recorded as approver when a link from the webhook's message is used.
inline constexpr const char* kWebhookRecipient = "webhook";

class ApprovalExecutor final : public engine::Executor {
 public:
  // First thing on its background thread: sends the notices a previous run stored but did not
  // send (it crashed, or the mail server was down).
  ApprovalExecutor(engine::ApprovalLinkStore& links, ApprovalNotifications settings,
                   const engine::Clock& clock);

  // Stores the links with one notice per recipient in one transaction, then sends the notices,
  // all on a background thread. An attempt that already has links (handed over again after a
  // restart) is not notified a second time; notices a crash kept from going out are sent when
  // the next executor starts, once each.
  void start(const engine::StartAction& action, engine::CompletionHandler done) override;
  // The attempt was abandoned: its links refuse from now on.
  void cancel(const engine::CancelAction& cancel) override;
  // A person decides, whether or not this process restarts in between.
  bool resumes(const engine::StartAction&) const override { return true; }

 private:
  void notify(const engine::StartAction& action);
  // Sends every stored notice not yet sent whose approval still waits.
  void send_pending();
  // An error sentence, or nothing once the notice was handed over.
  std::optional<std::string> deliver(const engine::ApprovalDelivery& delivery);
  std::vector<std::string> recipients(const engine::StartAction& action) const;

  engine::ApprovalLinkStore& links_;
  ApprovalNotifications settings_;
  const engine::Clock& clock_;
  NotificationWorker worker_;  // last: its thread stops before the members above go away
};

}  // namespace lockstep::executors::approval

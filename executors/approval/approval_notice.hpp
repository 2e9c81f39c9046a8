// What people are told when a manual approval waits: the mail to each recipient and the text
// posted to a chat webhook, built from the attempt's details and its one-time links.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/clock.hpp"

namespace lockstep::executors::approval {

struct ApprovalNotice {
  std::string pipelineName;
  std::string pipelineExecutionId;
  std::string stageName;
  std::string actionName;
  std::string customData;          // the action's CustomData
  std::string externalEntityLink;  // the action's ExternalEntityLink
  engine::Timestamp expiresAt = 0;
  std::string approveUrl;  // one-time links of the recipient the text is for
  std::string rejectUrl;
};

// A complete RFC 5322 message (CRLF line ends, headers then a UTF-8 plain-text body) ready for
// SMTP's DATA. Header values are stripped of line breaks so no field can add a header.
std::string approval_mail(const ApprovalNotice& notice, std::string_view from, std::string_view to,
                          engine::Timestamp now);

// Slack-compatible JSON: {"text": "..."} with the details and the links.
std::string approval_webhook_body(const ApprovalNotice& notice);

// The JSON CodePipeline publishes to an approval's SNS topic (NotificationArn): region,
// consoleLink and approval{pipelineName, stageName, actionName, token, expires,
// externalEntityLink, approvalReviewLink, customData}. `token` is the attempt's PutApprovalResult
// token, `consoleLink` the pipeline's page, and approvalReviewLink the notice's approve link.
std::string approval_sns_message(const ApprovalNotice& notice, std::string_view region,
                                 std::string_view token, std::string_view consoleLink);

// "APPROVAL NEEDED: AWS CodePipeline <pipeline> for action <action>", as CodePipeline's subject.
std::string approval_sns_subject(std::string_view pipelineName, std::string_view actionName);

// True for a plain address such as ops@example.com: no display name, no spaces, no characters
// that could end an SMTP command or a header, at most 254 characters.
bool is_mail_address(std::string_view text);

// NotifyEmails' comma-separated addresses, trimmed, empty items dropped. Entries that are not
// addresses come back in `rejected` so the caller can say which.
std::vector<std::string> split_mail_addresses(std::string_view list,
                                              std::vector<std::string>* rejected = nullptr);

}  // namespace lockstep::executors::approval

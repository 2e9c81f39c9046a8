// The mail and the chat message a waiting approval sends: details, links, and no way for a value
// to add a header or break the SMTP framing.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <string>

#include "executors/approval/approval_notice.hpp"

using namespace lockstep::executors::approval;

namespace {

ApprovalNotice sample_notice() {
  ApprovalNotice notice;
  notice.pipelineName = "web-app";
  notice.pipelineExecutionId = "0d9f1a2b-0000-4000-8000-000000000001";
  notice.stageName = "Approval";
  notice.actionName = "Release";
  notice.customData = "Deploy build 42?\nCheck the dashboard first.";
  notice.externalEntityLink = "https://example.com/builds/42";
  notice.expiresAt = 1'700'000'000'000;  // 2023-11-14 22:13 UTC
  notice.approveUrl = "https://ci.example.com/approvals/AAAA";
  notice.rejectUrl = "https://ci.example.com/approvals/BBBB";
  return notice;
}

std::string headers_of(const std::string& message) {
  return message.substr(0, message.find("\r\n\r\n") + 2);
}

std::string body_of(const std::string& message) {
  return message.substr(message.find("\r\n\r\n") + 4);
}

}  // namespace

TEST_CASE("the approval mail names the pipeline stage and action and holds both links",
          "[approval]") {
  const std::string mail =
      approval_mail(sample_notice(), "ci@example.com", "alice@example.com", 1'700'000'000'000);
  const std::string headers = headers_of(mail);
  CHECK(headers.find("From: ci@example.com\r\n") != std::string::npos);
  CHECK(headers.find("To: alice@example.com\r\n") != std::string::npos);
  CHECK(headers.find("Subject: Approval needed: web-app / Approval / Release\r\n") !=
        std::string::npos);
  CHECK(headers.find("Date: Tue, 14 Nov 2023 22:13:20 +0000\r\n") != std::string::npos);
  CHECK(headers.find("Content-Type: text/plain; charset=utf-8\r\n") != std::string::npos);

  const std::string body = body_of(mail);
  CHECK(body.find("Approve: https://ci.example.com/approvals/AAAA\r\n") != std::string::npos);
  CHECK(body.find("Reject:  https://ci.example.com/approvals/BBBB\r\n") != std::string::npos);
  CHECK(body.find("https://example.com/builds/42") != std::string::npos);
  CHECK(body.find("0d9f1a2b-0000-4000-8000-000000000001") != std::string::npos);
  CHECK(body.find("2023-11-14 22:13 UTC") != std::string::npos);
  CHECK(body.find("Deploy build 42?\r\nCheck the dashboard first.\r\n") != std::string::npos);
}

TEST_CASE("every line of the approval mail ends in CRLF", "[approval]") {
  ApprovalNotice notice = sample_notice();
  notice.customData = "one\ntwo\r\nthree\rfour";
  const std::string mail = approval_mail(notice, "ci@example.com", "bob@example.com", 0);
  for (std::size_t i = 0; i < mail.size(); ++i) {
    if (mail[i] == '\n') {
      INFO("line end at " << i);
      REQUIRE(i > 0);
      CHECK(mail[i - 1] == '\r');
    }
    if (mail[i] == '\r') {
      REQUIRE(i + 1 < mail.size());
      CHECK(mail[i + 1] == '\n');
    }
  }
  CHECK(mail.find("one\r\ntwo\r\nthree\r\nfour\r\n") != std::string::npos);
}

TEST_CASE("a line break in a header value cannot add a header to the approval mail", "[approval]") {
  ApprovalNotice notice = sample_notice();
  notice.actionName = "Release\r\nBcc: mallory@example.com";
  const std::string mail =
      approval_mail(notice, "ci@example.com", "alice@example.com\nBcc: eve@example.com", 0);
  const std::string headers = headers_of(mail);
  CHECK(headers.find("\r\nBcc:") == std::string::npos);
  CHECK(headers.find("\nBcc:") == std::string::npos);
}

TEST_CASE("the chat webhook gets Slack-compatible JSON with the details and both links",
          "[approval]") {
  const auto json = nlohmann::json::parse(approval_webhook_body(sample_notice()));
  REQUIRE(json.contains("text"));
  const std::string text = json["text"];
  CHECK(text.find("web-app") != std::string::npos);
  CHECK(text.find("Release") != std::string::npos);
  CHECK(text.find("Deploy build 42?") != std::string::npos);
  CHECK(text.find("Approve: https://ci.example.com/approvals/AAAA") != std::string::npos);
  CHECK(text.find("Reject: https://ci.example.com/approvals/BBBB") != std::string::npos);
}

TEST_CASE("NotifyEmails is split on commas and entries that are not plain addresses are set aside",
          "[approval]") {
  std::vector<std::string> rejected;
  const auto addresses = split_mail_addresses(
      " alice@example.com,bob@example.com , ,Eve <eve@example.com>,carol@x.org\r\nBcc: y@z.com,"
      "nobody",
      &rejected);
  CHECK(addresses == std::vector<std::string>{"alice@example.com", "bob@example.com"});
  CHECK(rejected ==
        std::vector<std::string>{"Eve <eve@example.com>", "carol@x.org\r\nBcc: y@z.com", "nobody"});
  CHECK(is_mail_address("ops+deploy@example.co.uk"));
  CHECK_FALSE(is_mail_address("a@b@c"));
  CHECK_FALSE(is_mail_address("@example.com"));
  CHECK_FALSE(is_mail_address(std::string(250, 'a') + "@x.com"));
}

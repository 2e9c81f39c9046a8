// The AWS/Manual executor against a real SMTP server and a real SQLite file: who is mailed, what
// is stored, and that a restart does not mail again.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <regex>
#include <string>

#include "engine/clock.hpp"
#include "executors/approval/approval_executor.hpp"
#include "executors/approval/link_token.hpp"
#include "executors/aws/sns_publish.hpp"
#include "storage/sqlite_store.hpp"
#include "tests/support/free_port.hpp"
#include "tests/support/process.hpp"
#include "tests/support/smtp_sink.hpp"
#include "tests/support/temp_dir.hpp"

using namespace lockstep;
using executors::approval::ApprovalExecutor;
using executors::approval::ApprovalNotifications;

namespace {

engine::StartAction approval_start(const std::string& attempt, const std::string& emails) {
  engine::StartAction start;
  start.actionExecutionId = attempt;
  start.pipelineName = "web-app";
  start.pipelineExecutionId = "execution-1";
  start.stageName = "Approval";
  start.action.name = "Release";
  start.action.actionTypeId = {engine::ActionCategory::Approval, engine::ActionOwner::AWS, "Manual",
                               "1"};
  start.resolvedConfiguration = {{"NotifyEmails", emails}, {"CustomData", "Ship build 42?"}};
  start.approvalToken = "engine-token-" + attempt;
  start.approvalExpiresAt = engine::SystemClock().now() + 3'600'000;
  return start;
}

ApprovalNotifications mail_to(const testing::SmtpSink& sink) {
  ApprovalNotifications settings;
  settings.publicUrl = "https://ci.example.com/";
  settings.smtp = executors::approval::SmtpSettings{sink.url(), false, "", "", "ci@example.com"};
  return settings;
}

// The token of the link after `label` in a received mail.
std::string link_token(const std::string& mail, const std::string& label) {
  std::smatch match;
  const std::regex pattern(label + " +https://ci\\.example\\.com/approvals/([A-Za-z0-9_-]+)\r\n");
  REQUIRE(std::regex_search(mail, match, pattern));
  return match[1];
}

}  // namespace

TEST_CASE("each recipient is mailed their own approve and reject links which are stored hashed",
          "[approval]") {
  testing::TempDir dir;
  testing::SmtpSink sink;
  auto store = storage::SqliteStore::open(dir / "lockstep.db");
  const engine::SystemClock clock;
  ApprovalNotifications settings = mail_to(sink);
  settings.pipelineRecipients["web-app"] = {"carol@example.com", "ALICE@example.com"};
  ApprovalExecutor executor(*store, settings, clock);

  executor.start(approval_start("a1", "alice@example.com, bob@example.com"), {});
  std::map<std::string, std::string> mails;  // recipient -> message
  for (int i = 0; i < 3; ++i) {
    const auto mail = sink.next();
    CHECK(mail.from == "ci@example.com");
    REQUIRE(mail.to.size() == 1);
    mails[mail.to[0]] = mail.data;
  }
  // ALICE@example.com is alice@example.com again: one mail each, three in all.
  CHECK(mails.size() == 3);
  REQUIRE(mails.count("alice@example.com") == 1);
  REQUIRE(mails.count("bob@example.com") == 1);
  REQUIRE(mails.count("carol@example.com") == 1);

  const std::string approve = link_token(mails["alice@example.com"], "Approve:");
  const std::string reject = link_token(mails["alice@example.com"], "Reject:");
  CHECK(approve != reject);
  CHECK(link_token(mails["bob@example.com"], "Approve:") != approve);
  CHECK(mails["alice@example.com"].find("Ship build 42?") != std::string::npos);

  const auto stored = store->find_approval_link(executors::approval::hash_link_token(approve));
  REQUIRE(stored);
  CHECK(stored->recipient == "alice@example.com");
  CHECK(stored->decision == engine::ApprovalStatus::Approved);
  CHECK(stored->approvalToken == "engine-token-a1");
  CHECK(stored->actionExecutionId == "a1");
  CHECK_FALSE(stored->usedAt);
  CHECK(store->find_approval_link(executors::approval::hash_link_token(reject))->decision ==
        engine::ApprovalStatus::Rejected);
  CHECK_FALSE(store->find_approval_link(approve));  // the token itself is not a key
}

TEST_CASE("an approval handed over again after a restart is not mailed a second time",
          "[approval]") {
  testing::TempDir dir;
  testing::SmtpSink sink;
  auto store = storage::SqliteStore::open(dir / "lockstep.db");
  const engine::SystemClock clock;
  {
    ApprovalExecutor before(*store, mail_to(sink), clock);
    before.start(approval_start("a1", "alice@example.com"), {});
    CHECK(sink.next().to == std::vector<std::string>{"alice@example.com"});
  }
  ApprovalExecutor after(*store, mail_to(sink), clock);
  after.start(approval_start("a1", "alice@example.com"), {});
  // Jobs run in order: once the next attempt's mail is here, the resumed one was handled.
  after.start(approval_start("a2", "bob@example.com"), {});
  CHECK(sink.next().to == std::vector<std::string>{"bob@example.com"});
}

TEST_CASE("an approval whose mail cannot be delivered still has its links stored", "[approval]") {
  testing::TempDir dir;
  auto store = storage::SqliteStore::open(dir / "lockstep.db");
  const engine::SystemClock clock;
  std::uint16_t closed_port = 0;
  {
    testing::SmtpSink gone;  // a port that was just listening and is closed now
    closed_port = gone.port();
  }
  ApprovalNotifications settings;
  settings.publicUrl = "https://ci.example.com";
  settings.smtp = executors::approval::SmtpSettings{
      "smtp://127.0.0.1:" + std::to_string(closed_port), false, "", "", "ci@example.com"};
  {
    ApprovalExecutor executor(*store, settings, clock);
    executor.start(approval_start("a1", "alice@example.com"), {});
  }  // the destructor finishes queued work
  // A second set for the same attempt is refused: the first one was stored despite the failure.
  engine::ApprovalLink probe;
  probe.tokenHash = "probe";
  probe.actionExecutionId = "a1";
  probe.expiresAt = clock.now() + 1000;
  CHECK_FALSE(store->add_approval_links({probe}, clock.now()));
}

TEST_CASE("an abandoned approval's links are closed", "[approval]") {
  testing::TempDir dir;
  testing::SmtpSink sink;
  auto store = storage::SqliteStore::open(dir / "lockstep.db");
  const engine::SystemClock clock;
  std::string token;
  {
    ApprovalExecutor executor(*store, mail_to(sink), clock);
    executor.start(approval_start("a1", "alice@example.com"), {});
    token = link_token(sink.next().data, "Approve:");
    executor.cancel({"a1", "execution-1", "abandoned"});
  }
  const auto stored = store->find_approval_link(executors::approval::hash_link_token(token));
  REQUIRE(stored);
  CHECK(stored->usedAt);
}

TEST_CASE("the chat webhook gets the approval with its own links as Slack-compatible JSON",
          "[approval]") {
  testing::TempDir dir;
  auto store = storage::SqliteStore::open(dir / "lockstep.db");
  const engine::SystemClock clock;
  testing::Process hook({"/usr/bin/python3",
                         std::string(LOCKSTEP_SOURCE_DIR) + "/tests/support/webhook_sink.py",
                         "200"});
  const auto listening = hook.await_stderr_line(std::regex("listening on 127\\.0\\.0\\.1:[0-9]+"),
                                                std::chrono::seconds(10));
  REQUIRE(listening);
  ApprovalNotifications settings;
  settings.publicUrl = "https://ci.example.com";
  settings.webhookUrl =
      "http://127.0.0.1:" + listening->substr(listening->rfind(':') + 1) + "/hook";
  {
    ApprovalExecutor executor(*store, settings, clock);
    executor.start(approval_start("a1", ""), {});
  }
  const auto received = hook.await_stderr_line(std::regex("^received "), std::chrono::seconds(10));
  REQUIRE(received);
  CHECK(received->find("received application/json {\"text\":") == 0);
  CHECK(received->find("Ship build 42?") != std::string::npos);
  std::smatch match;
  const std::string line = *received;
  REQUIRE(std::regex_search(
      line, match, std::regex("Approve: https://ci\\.example\\.com/approvals/([A-Za-z0-9_-]+)")));
  const auto stored =
      store->find_approval_link(executors::approval::hash_link_token(match[1].str()));
  REQUIRE(stored);
  CHECK(stored->recipient == executors::approval::kWebhookRecipient);
  CHECK(stored->decision == engine::ApprovalStatus::Approved);
}

TEST_CASE("mail stored but not sent before a crash goes out once after the restart", "[approval]") {
  testing::TempDir dir;
  testing::SmtpSink sink;
  const engine::SystemClock clock;
  {
    auto store = storage::SqliteStore::open(dir / "lockstep.db");
    ApprovalNotifications crashing = mail_to(sink);
    crashing.testStopAfterStoring = true;  // the process dies right after the commit
    ApprovalExecutor before(*store, crashing, clock);
    before.start(approval_start("a1", "alice@example.com, bob@example.com"), {});
  }
  // The restarted server opens the same file: the stored notices go out, each with the links
  // that were stored for that recipient.
  auto store = storage::SqliteStore::open(dir / "lockstep.db");
  {
    ApprovalExecutor after(*store, mail_to(sink), clock);
    std::map<std::string, std::string> mails;
    for (int i = 0; i < 2; ++i) {
      const auto mail = sink.next();
      REQUIRE(mail.to.size() == 1);
      mails[mail.to[0]] = mail.data;
    }
    REQUIRE(mails.size() == 2);
    for (const auto& [recipient, mail] : mails) {
      const auto approve = store->find_approval_link(
          executors::approval::hash_link_token(link_token(mail, "Approve:")));
      REQUIRE(approve);
      CHECK(approve->recipient == recipient);
      CHECK(approve->decision == engine::ApprovalStatus::Approved);
    }
  }
  // Sent means sent: another restart mails nobody again. Jobs run in order, so once the next
  // approval's mail is here the pending ones were looked at.
  {
    ApprovalExecutor again(*store, mail_to(sink), clock);
    again.start(approval_start("a2", "carol@example.com"), {});
    CHECK(sink.next().to == std::vector<std::string>{"carol@example.com"});
  }  // its queued work is finished: carol's notice is recorded as sent
  CHECK(store->pending_approval_deliveries(clock.now()).empty());
}

TEST_CASE("a notice that could not be sent is sent when the next approval starts", "[approval]") {
  testing::TempDir dir;
  auto store = storage::SqliteStore::open(dir / "lockstep.db");
  const engine::SystemClock clock;
  std::uint16_t closed_port = 0;
  {
    testing::SmtpSink gone;
    closed_port = gone.port();
  }
  ApprovalNotifications down;
  down.publicUrl = "https://ci.example.com";
  down.smtp = executors::approval::SmtpSettings{"smtp://127.0.0.1:" + std::to_string(closed_port),
                                                false, "", "", "ci@example.com"};
  {
    ApprovalExecutor executor(*store, down, clock);
    executor.start(approval_start("a1", "alice@example.com"), {});
  }
  const auto pending = store->pending_approval_deliveries(clock.now());
  REQUIRE(pending.size() == 1);
  CHECK(pending[0].attempts == 1);

  testing::SmtpSink sink;
  ApprovalExecutor executor(*store, mail_to(sink), clock);
  CHECK(sink.next().to == std::vector<std::string>{"alice@example.com"});
  executor.start(approval_start("a2", "bob@example.com"), {});
  CHECK(sink.next().to == std::vector<std::string>{"bob@example.com"});
}

TEST_CASE("a notice still pending when its approval is abandoned is never sent", "[approval]") {
  testing::TempDir dir;
  testing::SmtpSink sink;
  auto store = storage::SqliteStore::open(dir / "lockstep.db");
  const engine::SystemClock clock;
  {
    ApprovalNotifications crashing = mail_to(sink);
    crashing.testStopAfterStoring = true;
    ApprovalExecutor before(*store, crashing, clock);
    before.start(approval_start("a1", "alice@example.com"), {});
    before.cancel({"a1", "execution-1", "abandoned"});
  }
  CHECK(store->pending_approval_deliveries(clock.now()).empty());
  ApprovalExecutor after(*store, mail_to(sink), clock);
  after.start(approval_start("a2", "bob@example.com"), {});
  CHECK(sink.next().to == std::vector<std::string>{"bob@example.com"});
}

namespace {

// The first python3 on PATH: the one with moto and boto3 installed.
std::string python_on_path() {
  const char* path = std::getenv("PATH");
  std::string_view rest = path != nullptr ? path : "/usr/bin";
  while (!rest.empty()) {
    const std::size_t colon = rest.find(':');
    const std::filesystem::path candidate =
        std::filesystem::path(rest.substr(0, colon)) / "python3";
    if (::access(candidate.c_str(), X_OK) == 0) return candidate.string();
    rest = colon == std::string_view::npos ? std::string_view() : rest.substr(colon + 1);
  }
  return "/usr/bin/python3";
}

}  // namespace

TEST_CASE("an approval with a NotificationArn is published to that SNS topic as CodePipeline does",
          "[approval]") {
  testing::TempDir dir;
  const std::string python = python_on_path();
  const std::string endpoint = "http://127.0.0.1:" + std::to_string(testing::free_port());
  testing::Process moto({python, "-m", "moto.server", "-H", "127.0.0.1", "-p",
                         endpoint.substr(endpoint.rfind(':') + 1)});
  REQUIRE(moto.await_stderr_line(std::regex("Running on"), std::chrono::seconds(30)));
  const std::string helper = std::string(LOCKSTEP_SOURCE_DIR) + "/tests/support/sns_queue.py";
  const auto setup = testing::run_process({python, helper, "setup", endpoint});
  INFO(setup.err);
  REQUIRE(setup.status == 0);
  const auto created = nlohmann::json::parse(setup.out);
  const std::string topic = created.at("topic");

  auto store = storage::SqliteStore::open(dir / "lockstep.db");
  const engine::SystemClock clock;
  ApprovalNotifications settings;
  settings.publicUrl = "https://ci.example.com";
  settings.sns = executors::aws::SnsSettings{endpoint, "us-east-1", {"AKIDLOCAL", "s3cret", ""}};
  auto start = approval_start("a1", "");
  start.resolvedConfiguration["NotificationArn"] = topic;
  start.resolvedConfiguration["ExternalEntityLink"] = "https://example.com/build/42";
  {
    ApprovalExecutor executor(*store, settings, clock);
    executor.start(start, {});
  }  // the destructor finishes queued work: the publish has been answered

  const auto received = testing::run_process(
      {python, helper, "receive", endpoint, created.at("queue").get<std::string>()});
  INFO(received.err);
  REQUIRE(received.status == 0);
  const auto envelope = nlohmann::json::parse(received.out);
  CHECK(envelope.at("TopicArn") == topic);
  CHECK(envelope.at("Subject") == "APPROVAL NEEDED: AWS CodePipeline web-app for action Release");
  const auto message = nlohmann::json::parse(envelope.at("Message").get<std::string>());
  CHECK(message.at("region") == "us-east-1");
  CHECK(message.at("consoleLink") == "https://ci.example.com/#/view/web-app");
  const auto& approval = message.at("approval");
  CHECK(approval.at("pipelineName") == "web-app");
  CHECK(approval.at("stageName") == "Approval");
  CHECK(approval.at("actionName") == "Release");
  CHECK(approval.at("token") == "engine-token-a1");
  CHECK(approval.at("customData") == "Ship build 42?");
  CHECK(approval.at("externalEntityLink") == "https://example.com/build/42");
  // The review link is a one-time approve link stored for the topic.
  const std::string review = approval.at("approvalReviewLink");
  const std::string prefix = "https://ci.example.com/approvals/";
  REQUIRE(review.starts_with(prefix));
  const auto link =
      store->find_approval_link(executors::approval::hash_link_token(review.substr(prefix.size())));
  REQUIRE(link);
  CHECK(link->recipient == topic);
  CHECK(link->decision == engine::ApprovalStatus::Approved);
  CHECK(store->pending_approval_deliveries(clock.now()).empty());
}

// Manual approval by mailed link, end to end: a real SMTP server on loopback receives the mail,
// the link is followed over HTTP (GET, then POST with a comment), and the engine records it.
#include <catch2/catch.hpp>

#include <map>
#include <memory>
#include <regex>
#include <string>

#include "engine/declaration_parser.hpp"
#include "executors/approval/approval_executor.hpp"
#include "server/approval_pages.hpp"
#include "tests/support/approval_server.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/smtp_sink.hpp"

using namespace lockstep;
using testing::HttpResult;

namespace {

constexpr const char* kPipeline = R"json({
  "name": "release",
  "roleArn": "arn:aws:iam::123456789012:role/lockstep",
  "artifactStore": {"type": "S3", "location": "artifacts"},
  "stages": [
    {"name": "Source", "actions": [{
      "name": "Source",
      "actionTypeId": {"category": "Source", "owner": "AWS",
                       "provider": "CodeStarSourceConnection", "version": "1"},
      "configuration": {"ConnectionArn": "arn:aws:codeconnections:us-east-1:123456789012:connection/x",
                        "FullRepositoryId": "team/app", "BranchName": "main"},
      "outputArtifacts": [{"name": "Src"}]}]},
    {"name": "Approval", "actions": [{
      "name": "Release",
      "actionTypeId": {"category": "Approval", "owner": "AWS", "provider": "Manual", "version": "1"},
      "configuration": {"NotifyEmails": "alice@example.com, bob@example.com",
                        "CustomData": "Ship <b>build</b> 42?",
                        "ExternalEntityLink": "https://example.com/review?a=1&b=2"}}]}
  ]
})json";

// Approvals go to the executor under test, every other action to the test's FakeExecutor.
class ApprovalsAndFake final : public engine::Executor {
 public:
  ApprovalsAndFake(std::unique_ptr<engine::Executor> approvals, engine::Executor& others)
      : approvals_(std::move(approvals)), others_(others) {}
  void start(const engine::StartAction& action, engine::CompletionHandler done) override {
    pick(action.action.actionTypeId).start(action, std::move(done));
  }
  void cancel(const engine::CancelAction& cancel) override {
    approvals_->cancel(cancel);
    others_.cancel(cancel);
  }
  bool resumes(const engine::StartAction& action) const override {
    return action.action.actionTypeId.category == engine::ActionCategory::Approval;
  }

 private:
  engine::Executor& pick(const engine::ActionTypeId& type) {
    return type.category == engine::ActionCategory::Approval ? *approvals_ : others_;
  }
  std::unique_ptr<engine::Executor> approvals_;
  engine::Executor& others_;
};

struct ApprovalWorld {
  testing::SmtpSink sink;
  testing::ApprovalServer server{setup()};

  testing::ApprovalServerSetup setup() {
    testing::ApprovalServerSetup s;
    s.executor = [this](testing::ApprovalServer& host) -> std::unique_ptr<engine::Executor> {
      executors::approval::ApprovalNotifications settings;
      settings.publicUrl = host.base_url();
      settings.smtp =
          executors::approval::SmtpSettings{sink.url(), false, "", "", "lockstep@example.com"};
      auto approvals = std::make_unique<executors::approval::ApprovalExecutor>(
          host.store(), settings, host.clock());
      return std::make_unique<ApprovalsAndFake>(std::move(approvals), host.fake());
    };
    s.routes = [](server::Router& router, testing::ApprovalServer& host) {
      server::add_approval_routes(
          router, {host.store(), host.orchestrator(), host.clock(), host.io().get_executor()});
    };
    return s;
  }

  // Starts an execution, lets its source succeed, and returns the mail each recipient got.
  std::map<std::string, std::string> start_and_collect_mail(std::string& execution) {
    auto parsed = engine::parse_pipeline_declaration(kPipeline);
    for (const auto& problem : parsed.problems)
      UNSCOPED_INFO(problem.path << ": " << problem.message);
    REQUIRE(parsed.ok());
    server.put_pipeline(parsed.declaration);
    execution = server.start_execution("release");
    REQUIRE(server.wait_for([&] { return server.fake().is_running("Source"); }));
    REQUIRE(server.fake().complete("Source"));
    std::map<std::string, std::string> mails;
    for (int i = 0; i < 2; ++i) {
      const testing::ReceivedMail mail = sink.next();
      REQUIRE(mail.to.size() == 1);
      mails[mail.to[0]] = mail.data;
    }
    return mails;
  }

  std::optional<engine::ActionExecution> release(const std::string& execution) {
    return server.attempt("release", execution, "Release");
  }

  bool release_status_is(const std::string& execution, engine::ActionExecutionStatus status) {
    return server.wait_for([&] {
      const auto a = release(execution);
      return a && a->status == status;
    });
  }
};

// The path of the link after `label` in a mail ("Approve:" or "Reject:").
std::string link_path(const std::string& mail, const std::string& label) {
  std::smatch match;
  const std::regex pattern(label +
                           " +http://127\\.0\\.0\\.1:[0-9]+(/approvals/[A-Za-z0-9_-]+)\r\n");
  REQUIRE(std::regex_search(mail, match, pattern));
  return match[1];
}

// What a browser sends when the form is submitted.
HttpResult post_form(std::uint16_t port, const std::string& path, const std::string& body) {
  testing::HttpConnection connection("127.0.0.1", port);
  connection.send_raw("POST " + path +
                      " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                      "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " +
                      std::to_string(body.size()) + "\r\n\r\n" + body);
  return connection.read_response();
}

}  // namespace

TEST_CASE("an approve link from the mail approves the action once and then refuses", "[approval]") {
  ApprovalWorld world;
  std::string execution;
  auto mails = world.start_and_collect_mail(execution);
  REQUIRE(mails.count("alice@example.com") == 1);
  REQUIRE(mails.count("bob@example.com") == 1);
  const std::string approve = link_path(mails["alice@example.com"], "Approve:");
  const std::uint16_t port = world.server.port();

  const HttpResult page = testing::http_get(port, approve);
  CHECK(page.status == 200);
  CHECK(page.header("content-type").starts_with("text/html"));
  CHECK(page.header("referrer-policy") == "no-referrer");
  CHECK(page.body.find("release") != std::string::npos);
  CHECK(page.body.find("Approval") != std::string::npos);
  CHECK(page.body.find("Release") != std::string::npos);
  CHECK(page.body.find("alice@example.com") != std::string::npos);
  CHECK(page.body.find("<textarea") != std::string::npos);
  CHECK(page.body.find(">Approve</button>") != std::string::npos);
  // Values from the declaration are shown as text, never as markup.
  CHECK(page.body.find("Ship &lt;b&gt;build&lt;/b&gt; 42?") != std::string::npos);
  CHECK(page.body.find("<b>build</b>") == std::string::npos);
  CHECK(page.body.find("https://example.com/review?a=1&amp;b=2") != std::string::npos);
  // Looking does not decide.
  CHECK(world.release(execution)->status == engine::ActionExecutionStatus::InProgress);

  const HttpResult done = post_form(port, approve, "comment=Looks+good%2C+ship+it");
  CHECK(done.status == 200);
  CHECK(done.body.find("approved") != std::string::npos);
  REQUIRE(world.release_status_is(execution, engine::ActionExecutionStatus::Succeeded));
  const auto attempt = world.release(execution);
  CHECK(attempt->summary == "Looks good, ship it");
  CHECK(attempt->updatedBy == "alice@example.com");
  CHECK(world.server.state().pipelines.at("release").executions.at(execution).status ==
        engine::PipelineExecutionStatus::Succeeded);

  // Single use: the same link, and every other link of the attempt, now refuse.
  const HttpResult again = post_form(port, approve, "comment=twice");
  CHECK(again.status == 410);
  CHECK(again.body.find("already used") != std::string::npos);
  CHECK(testing::http_get(port, approve).status == 410);
  CHECK(testing::http_get(port, link_path(mails["bob@example.com"], "Reject:")).status == 410);
  CHECK(world.release(execution)->summary == "Looks good, ship it");
}

TEST_CASE("a reject link fails the stage with the comment as the summary", "[approval]") {
  ApprovalWorld world;
  std::string execution;
  auto mails = world.start_and_collect_mail(execution);
  const std::string reject = link_path(mails["bob@example.com"], "Reject:");

  const HttpResult page = testing::http_get(world.server.port(), reject);
  CHECK(page.status == 200);
  CHECK(page.body.find(">Reject</button>") != std::string::npos);

  const HttpResult done =
      post_form(world.server.port(), reject, "comment=Not+today%3A+the+%3Ctests%3E+are+red");
  CHECK(done.status == 200);
  CHECK(done.body.find("rejected") != std::string::npos);
  CHECK(done.body.find("the &lt;tests&gt; are red") != std::string::npos);
  REQUIRE(world.release_status_is(execution, engine::ActionExecutionStatus::Failed));
  const auto attempt = world.release(execution);
  CHECK(attempt->summary == "Not today: the <tests> are red");
  CHECK(attempt->updatedBy == "bob@example.com");
  const engine::EngineState state = world.server.state();
  const auto& e = state.pipelines.at("release").executions.at(execution);
  CHECK(e.status == engine::PipelineExecutionStatus::Failed);
  for (const auto& stage : e.stageExecutions) {
    if (stage.stageName == "Approval") CHECK(stage.status == engine::StageExecutionStatus::Failed);
  }
  CHECK(testing::http_get(world.server.port(), link_path(mails["alice@example.com"], "Approve:"))
            .status == 410);
}

TEST_CASE("an approval decided through the API makes its mailed links refuse", "[approval]") {
  ApprovalWorld world;
  std::string execution;
  auto mails = world.start_and_collect_mail(execution);
  const auto attempt = world.release(execution);
  REQUIRE(attempt);

  engine::ApprovalResult result;
  result.pipelineName = "release";
  result.stageName = "Approval";
  result.actionName = "Release";
  result.token = attempt->token;
  result.status = engine::ApprovalStatus::Approved;
  result.updatedBy = "api-user";
  REQUIRE(world.server.submit(result).accepted());

  const std::string approve = link_path(mails["alice@example.com"], "Approve:");
  const HttpResult page = testing::http_get(world.server.port(), approve);
  CHECK(page.status == 410);
  CHECK(page.body.find("no longer waits") != std::string::npos);
  CHECK(post_form(world.server.port(), approve, "comment=late").status == 410);
  CHECK(world.release(execution)->updatedBy == "api-user");
}

TEST_CASE("an unknown approval link is answered with a page saying it is not valid", "[approval]") {
  ApprovalWorld world;
  const std::uint16_t port = world.server.port();
  const HttpResult made_up =
      testing::http_get(port, "/approvals/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
  CHECK(made_up.status == 404);
  CHECK(made_up.body.find("not valid") != std::string::npos);
  CHECK(testing::http_get(port, "/approvals/short").status == 404);
  CHECK(post_form(port, "/approvals/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "comment=x")
            .status == 404);
}

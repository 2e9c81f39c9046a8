// The notifications section: SMTP server, chat webhook, recipients per pipeline, and the
// LOCKSTEP_SMTP_URL stand-in, each wrong value reported with its line.
#include <catch2/catch.hpp>

#include "config/server_config.hpp"
#include "tests/support/temp_dir.hpp"

using lockstep::config::ConfigProblem;
using lockstep::config::load_config;
using lockstep::testing::TempDir;

namespace {

std::vector<std::string> describe(const std::vector<ConfigProblem>& problems) {
  std::vector<std::string> lines;
  for (const auto& p : problems) {
    lines.push_back(std::to_string(p.line) + ": " + p.key + ": " + p.message);
  }
  return lines;
}

}  // namespace

TEST_CASE("a file configures mail and a webhook for approvals and recipients per pipeline",
          "[config]") {
  TempDir dir;
  const auto file = dir.write("lockstep.yaml", R"(notifications:
  smtp:
    host: mail.example.com
    port: "587"
    starttls: "true"
    username: lockstep
    password_env: MAIL_PASSWORD
    from: lockstep@example.com
  webhook_url: https://hooks.example.com/T000/B000
  pipelines:
    web-app:
      emails: [alice@example.com, bob@example.com]
    api:
      emails: "carol@example.com, dan@example.com"
)");
  const auto loaded = load_config(file.string(), {{"MAIL_PASSWORD", "s3cret"}});
  INFO(describe(loaded.problems).size());
  REQUIRE(loaded.ok());
  const auto& n = loaded.config.notifications;
  CHECK(lockstep::config::smtp_url(loaded.config) == "smtp://mail.example.com:587");
  CHECK(n.smtp.starttls == "true");
  CHECK(n.smtp.username == "lockstep");
  CHECK(lockstep::config::smtp_password(loaded.config, {{"MAIL_PASSWORD", "s3cret"}}) == "s3cret");
  CHECK(n.smtp.from == "lockstep@example.com");
  CHECK(n.webhook_url == "https://hooks.example.com/T000/B000");
  CHECK(n.pipeline_emails.at("web-app") ==
        std::vector<std::string>{"alice@example.com", "bob@example.com"});
  CHECK(n.pipeline_emails.at("api") ==
        std::vector<std::string>{"carol@example.com", "dan@example.com"});
}

TEST_CASE("LOCKSTEP_SMTP_URL stands in for the SMTP host and port", "[config]") {
  const auto loaded = load_config(std::nullopt, {{"LOCKSTEP_SMTP_URL", "smtp://127.0.0.1:2525"},
                                                 {"LOCKSTEP_SMTP_FROM", "ci@example.com"}});
  REQUIRE(loaded.ok());
  CHECK(lockstep::config::smtp_url(loaded.config) == "smtp://127.0.0.1:2525");
  CHECK(lockstep::config::smtp_url(load_config(std::nullopt, {}).config).empty());
}

TEST_CASE("every wrong notification setting is reported with its line", "[config]") {
  TempDir dir;
  const auto file = dir.write("lockstep.yaml", R"(notifications:
  smtp:
    url: http://mail.example.com
    port: "70000"
    starttls: "yes"
    password: a
    password_env: NOT_SET_ANYWHERE
    from: "Lockstep <ci@example.com>"
  webhook_url: ftp://example.com
  pipelines:
    web-app:
      emails: [alice@example.com, "bob@example.com\r\nBcc: eve@example.com", nobody]
      cc: [x@example.com]
)");
  const auto loaded = load_config(file.string(), {});
  const auto lines = describe(loaded.problems);
  auto has = [&](const std::string& start) {
    for (const auto& line : lines) {
      if (line.starts_with(start)) return true;
    }
    UNSCOPED_INFO("missing " << start);
    return false;
  };
  CHECK(has("3: notifications.smtp.url: must be smtp://"));
  CHECK(has("4: notifications.smtp.port: must be a port number"));
  CHECK(has("5: notifications.smtp.starttls: must be true or false"));
  CHECK(has("8: notifications.smtp.from: must be a plain mail address"));
  CHECK(has("9: notifications.webhook_url: must be an http:// or https:// URL"));
  CHECK(has("12: notifications.pipelines.web-app.emails: 'bob@example.com"));
  CHECK(has("12: notifications.pipelines.web-app.emails: 'nobody' is not a plain mail address"));
  CHECK(has("13: notifications.pipelines.web-app.cc: is not a known setting"));
  CHECK(has("0: notifications.smtp.password_env: cannot be set together"));
  CHECK(has("0: notifications.smtp.password_env: names the variable NOT_SET_ANYWHERE"));
  CHECK(loaded.config.notifications.pipeline_emails.at("web-app") ==
        std::vector<std::string>{"alice@example.com"});
}

TEST_CASE("a mail server without a sender address is refused", "[config]") {
  const auto loaded = load_config(std::nullopt, {{"LOCKSTEP_SMTP_HOST", "mail.example.com"}});
  const auto lines = describe(loaded.problems);
  REQUIRE(lines.size() == 1);
  CHECK(lines[0].starts_with("0: notifications.smtp.from: must be set"));
}

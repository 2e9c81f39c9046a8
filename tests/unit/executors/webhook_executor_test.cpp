// Custom/Webhook against a real HTTP server on loopback: the execution's details arrive as JSON,
// 2xx succeeds, other answers and silence fail, and a Secret signs the body.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <string>

#include "deploy_harness.hpp"
#include "executors/webhook/webhook_executor.hpp"
#include "loopback_http_server.hpp"
#include "tests/support/process.hpp"

using namespace lockstep;
using lockstep::executors::local::testing::DeployHarness;
using lockstep::executors::testing::LoopbackHttpServer;
using lockstep::executors::webhook::WebhookExecutor;

namespace {

engine::StartAction webhook_action(DeployHarness& h, engine::Configuration configuration) {
  engine::StartAction action =
      h.action(configuration, {{"BuildOutput", "/unused", "abc123", "p1"}});
  action.pipelineVersion = 3;
  action.stageName = "Notify";
  action.action.name = "tell-chat";
  return action;
}

}  // namespace

TEST_CASE("a webhook answered 2xx succeeds and carries the execution's details") {
  DeployHarness h;
  LoopbackHttpServer server({200, "thanks"});
  WebhookExecutor executor(h.io.get_executor());
  const auto action =
      webhook_action(h, {{"Url", server.url("/hook?team=web")}, {"Channel", "ops"}});
  const auto report = h.run(executor, action);
  INFO(report.summary);
  CHECK(report.outcome == engine::ActionOutcome::Succeeded);
  CHECK_THAT(report.summary, Catch::Contains("answered 200"));
  CHECK_THAT(report.summary, !Catch::Contains("team=web"));

  const auto requests = server.requests();
  REQUIRE(requests.size() == 1);
  CHECK(requests[0].method == "POST");
  CHECK(requests[0].target == "/hook?team=web");
  CHECK(requests[0].headers.at("content-type") == "application/json");
  CHECK(requests[0].headers.count("x-lockstep-signature-256") == 0);
  const auto body = nlohmann::json::parse(requests[0].body);
  CHECK(body["pipelineName"] == "web-app");
  CHECK(body["pipelineVersion"] == 3);
  CHECK(body["pipelineExecutionId"] == "execution-1");
  CHECK(body["stageName"] == "Notify");
  CHECK(body["actionName"] == "tell-chat");
  CHECK(body["actionExecutionId"] == action.actionExecutionId);
  CHECK(body["configuration"]["Channel"] == "ops");
  CHECK(body["inputArtifacts"] ==
        nlohmann::json::parse(R"([{"name":"BuildOutput","revisionId":"abc123"}])"));
}

TEST_CASE("a webhook answered 500 fails with the status and the first 200 bytes of the body") {
  DeployHarness h;
  const std::string answer = "database on fire " + std::string(183, 'x') + "TAIL-NOT-SHOWN";
  LoopbackHttpServer server({500, answer});
  WebhookExecutor executor(h.io.get_executor());
  const auto report = h.run(executor, webhook_action(h, {{"Url", server.url()}}));
  CHECK(report.outcome == engine::ActionOutcome::Failed);
  CHECK_THAT(report.summary, Catch::Contains("answered 500 Internal Server Error"));
  CHECK_THAT(report.summary, Catch::EndsWith(answer.substr(0, 200)));
  CHECK_THAT(report.summary, !Catch::Contains("TAIL"));
  REQUIRE(report.errorDetails);
}

TEST_CASE("a webhook that gets no answer within TimeoutSeconds fails") {
  DeployHarness h;
  LoopbackHttpServer server({200, "", true});
  WebhookExecutor executor(h.io.get_executor());
  const auto report =
      h.run(executor, webhook_action(h, {{"Url", server.url()}, {"TimeoutSeconds", "1"}}));
  CHECK(report.outcome == engine::ActionOutcome::Failed);
  CHECK_THAT(report.summary, Catch::Contains("no answer within 1 seconds"));
  CHECK(server.client_gave_up());
  CHECK(server.requests().size() == 1);
}

TEST_CASE("a webhook with a Secret is signed with an HMAC of its body and never sends the secret") {
  DeployHarness h;
  LoopbackHttpServer server({204, ""});
  WebhookExecutor executor(h.io.get_executor());
  const std::string secret = "s3cr3t-value";
  const auto report =
      h.run(executor, webhook_action(h, {{"Url", server.url()}, {"Secret", secret}}));
  CHECK(report.outcome == engine::ActionOutcome::Succeeded);
  const auto requests = server.requests();
  REQUIRE(requests.size() == 1);
  CHECK(requests[0].body.find(secret) == std::string::npos);
  CHECK(nlohmann::json::parse(requests[0].body)["configuration"].count("Secret") == 0);

  // The receiver's check, done with the openssl command rather than our own code.
  const auto expected = lockstep::testing::run_process(
      {"/bin/sh", "-c", "printf '%s' \"$BODY\" | openssl dgst -sha256 -hmac \"$KEY\" -r"},
      {{{"BODY", requests[0].body}, {"KEY", secret}}, {}});
  REQUIRE(expected.status == 0);
  const std::string hex = expected.out.substr(0, 64);
  CHECK(requests[0].headers.at("x-lockstep-signature-256") == "sha256=" + hex);
}

TEST_CASE("a webhook to an address nobody listens on fails saying it could not connect") {
  DeployHarness h;
  unsigned short port = 0;
  {
    LoopbackHttpServer closed({200, ""});
    port = closed.port();
  }
  WebhookExecutor executor(h.io.get_executor());
  const auto report = h.run(
      executor, webhook_action(h, {{"Url", "http://127.0.0.1:" + std::to_string(port) + "/"}}));
  CHECK(report.outcome == engine::ActionOutcome::Failed);
  CHECK_THAT(report.summary, Catch::Contains("cannot connect"));
}

namespace {

// A self-signed certificate for 127.0.0.1, made with the openssl command in `dir`.
LoopbackHttpServer::Tls make_certificate(const lockstep::testing::TempDir& dir) {
  LoopbackHttpServer::Tls files{(dir / "cert.pem").string(), (dir / "key.pem").string()};
  const auto made = lockstep::testing::run_process(
      {"/usr/bin/openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
       "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1", "-addext",
       "subjectAltName=IP:127.0.0.1", "-keyout", files.key_file, "-out", files.certificate_file});
  REQUIRE(made.status == 0);
  return files;
}

}  // namespace

TEST_CASE("a webhook over https reaches a server whose certificate is trusted") {
  DeployHarness h;
  const auto tls = make_certificate(h.dir);
  LoopbackHttpServer server({202, "queued"}, tls);
  WebhookExecutor executor(h.io.get_executor(), {std::chrono::seconds(30), tls.certificate_file});
  const auto report = h.run(executor, webhook_action(h, {{"Url", server.url()}}));
  INFO(report.summary);
  CHECK(report.outcome == engine::ActionOutcome::Succeeded);
  const auto requests = server.requests();
  REQUIRE(requests.size() == 1);
  CHECK(nlohmann::json::parse(requests[0].body)["stageName"] == "Notify");
}

TEST_CASE("a webhook over https refuses a server whose certificate nobody vouches for") {
  DeployHarness h;
  LoopbackHttpServer server({200, "ok"}, make_certificate(h.dir));
  WebhookExecutor executor(h.io.get_executor());
  const auto report = h.run(executor, webhook_action(h, {{"Url", server.url()}}));
  CHECK(report.outcome == engine::ActionOutcome::Failed);
  CHECK_THAT(report.summary, Catch::Contains("TLS handshake with 127.0.0.1 failed"));
  CHECK(server.requests().empty());
}

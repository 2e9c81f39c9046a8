// POST /webhooks/github and /webhooks/gitlab over loopback HTTP against an in-process server:
// authentication, payload errors, durable deliveries, redeliveries and the answer's reasons.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "engine/pipeline_execution.hpp"
#include "server/webhook_intake.hpp"
#include "tests/webhooks/payloads.hpp"
#include "tests/webhooks/webhook_client.hpp"

using namespace lockstep::testing;
using nlohmann::json;

namespace {

std::size_t execution_count(InProcessServer& server, const std::string& pipeline) {
  const auto state = server.state();
  auto it = state.pipelines.find(pipeline);
  return it == state.pipelines.end() ? 0 : it->second.executions.size();
}

}  // namespace

TEST_CASE("a signed push to the source branch starts the pipeline and names the execution") {
  auto server = webhook_server();
  server->put_pipeline(pipeline_yaml("web", "acme/web", "main"));
  server->put_pipeline(pipeline_yaml("web-release", "acme/web", "release"));
  server->put_pipeline(pipeline_yaml("other", "acme/other", "main"));

  const auto response = post_github(server->port(), "push", "d-1",
                                    push_payload("acme/web", "refs/heads/main").dump());
  REQUIRE(response.status == 200);
  const auto answer = json::parse(response.body);
  CHECK(answer.at("provider") == "github");
  CHECK(answer.at("deliveryId") == "d-1");
  CHECK(answer.at("description") == "push to branch \"main\" of acme/web");
  REQUIRE(answer.at("started").size() == 1);
  const auto& started = answer.at("started")[0];
  CHECK(started.at("pipelineName") == "web");
  CHECK(started.at("status") == "InProgress");
  // Only pipelines of that repository are listed; acme/other is not.
  REQUIRE(answer.at("notStarted").size() == 1);
  CHECK(answer.at("notStarted")[0].at("pipelineName") == "web-release");
  CHECK(answer.at("notStarted")[0].at("reason").get<std::string>().find(
            "branch \"main\" is not its branch \"release\"") != std::string::npos);

  const auto state = server->state();
  const auto& execution =
      state.pipelines.at("web").executions.at(started.at("pipelineExecutionId"));
  CHECK(execution.trigger.triggerType == "Webhook");
  REQUIRE(execution.sourceRevisions.size() == 1);
  CHECK(execution.sourceRevisions[0].revisionValue == kAfter);
  CHECK(server->store().find_delivery("github", "d-1"));
}

TEST_CASE("a redelivery gets the first answer again and starts nothing more") {
  auto server = webhook_server();
  server->put_pipeline(pipeline_yaml("web", "acme/web", "main"));
  const std::string body = push_payload("acme/web", "refs/heads/main").dump();
  const auto first = post_github(server->port(), "push", "same-delivery", body);
  const auto second = post_github(server->port(), "push", "same-delivery", body);
  REQUIRE(first.status == 200);
  CHECK(second.status == 200);
  CHECK(second.body == first.body);
  CHECK(second.header("x-lockstep-redelivery") == "true");
  CHECK(execution_count(*server, "web") == 1);
  // Another delivery of the same push is a new event.
  CHECK(post_github(server->port(), "push", "next-delivery", body).status == 200);
  CHECK(execution_count(*server, "web") == 2);
}

TEST_CASE("a start committed before a crash is not repeated when the delivery comes again") {
  auto server = webhook_server();
  server->put_pipeline(pipeline_yaml("web", "acme/web", "main"));
  // The first attempt committed its start, then the process died before the delivery's row.
  lockstep::engine::StartExecution start;
  start.pipelineName = "web";
  start.trigger = {"Webhook", "GitHub delivery"};
  start.fromGitTrigger = true;
  start.clientRequestToken = lockstep::server::webhook_start_token("github", "lost", "web");
  const auto decision = server->submit(start);
  REQUIRE(decision.accepted());

  const auto response = post_github(server->port(), "push", "lost",
                                    push_payload("acme/web", "refs/heads/main").dump());
  REQUIRE(response.status == 200);
  const auto answer = json::parse(response.body);
  REQUIRE(answer.at("started").size() == 1);
  CHECK(answer.at("started")[0].at("pipelineExecutionId") == decision.pipelineExecutionId);
  CHECK(execution_count(*server, "web") == 1);
}

TEST_CASE("a wrong signature is refused with 401 and nothing is recorded") {
  auto server = webhook_server();
  server->put_pipeline(pipeline_yaml("web", "acme/web", "main"));
  const std::string body = push_payload("acme/web", "refs/heads/main").dump();
  const auto response = post_github(server->port(), "push", "forged", body, "wrong secret");
  CHECK(response.status == 401);
  CHECK(json::parse(response.body).at("message").get<std::string>().find("does not match") !=
        std::string::npos);
  CHECK(response.body.find(kGitHubSecret) == std::string::npos);
  CHECK_FALSE(server->store().find_delivery("github", "forged"));
  CHECK(execution_count(*server, "web") == 0);
}

TEST_CASE("a delivery without a signature header is refused with 401") {
  auto server = webhook_server();
  const auto response = post(server->port(), "/webhooks/github",
                             {{"X-GitHub-Event", "ping"}, {"X-GitHub-Delivery", "unsigned"}},
                             R"({"zen":"Keep it logically awesome."})");
  CHECK(response.status == 401);
  CHECK(json::parse(response.body)
            .at("message")
            .get<std::string>()
            .find("X-Hub-Signature-256 header is missing") != std::string::npos);
  CHECK_FALSE(server->store().find_delivery("github", "unsigned"));
}

TEST_CASE("a repository with its own secret refuses deliveries signed with the global one") {
  auto server = webhook_server({{"acme/private", "private-secret"}});
  server->put_pipeline(pipeline_yaml("private", "acme/private", "main"));
  const std::string body = push_payload("acme/private", "refs/heads/main").dump();
  CHECK(post_github(server->port(), "push", "p-1", body).status == 401);
  const auto accepted = post_github(server->port(), "push", "p-2", body, "private-secret");
  CHECK(accepted.status == 200);
  CHECK(started_pipelines(json::parse(accepted.body)) == std::vector<std::string>{"private"});
}

TEST_CASE("a body over 25 MiB is refused with 413") {
  auto server = webhook_server();
  const std::string body = "{\"pad\":\"" + std::string(26 * 1024 * 1024, 'a') + "\"}";
  const auto response = post_github(server->port(), "push", "huge", body);
  CHECK(response.status == 413);
  CHECK_FALSE(server->store().find_delivery("github", "huge"));
}

TEST_CASE("a signed body that is not JSON is answered 400 saying so") {
  auto server = webhook_server();
  const auto response = post_github(server->port(), "push", "broken", "{\"ref\": ");
  CHECK(response.status == 400);
  CHECK(json::parse(response.body)
            .at("message")
            .get<std::string>()
            .starts_with("The payload is not JSON"));
  CHECK_FALSE(server->store().find_delivery("github", "broken"));
}

TEST_CASE("an unsigned body that is not JSON is still refused with 401") {
  auto server = webhook_server();
  CHECK(post_github(server->port(), "push", "broken", "not json", "guess").status == 401);
}

TEST_CASE("a push payload without the fields it needs is answered 400 listing each one") {
  auto server = webhook_server();
  json payload = push_payload("acme/web", "refs/heads/main");
  payload.erase("ref");
  payload["after"] = 12;
  const auto response = post_github(server->port(), "push", "incomplete", payload.dump());
  REQUIRE(response.status == 400);
  CHECK(json::parse(response.body).at("problems") ==
        json::array({"/ref: is missing", "/after: must be a string, not number"}));
}

TEST_CASE("a delivery without X-GitHub-Delivery is answered 400") {
  auto server = webhook_server();
  const std::string body = R"({"zen":"Design for failure."})";
  const auto response =
      post(server->port(), "/webhooks/github",
           {{"X-GitHub-Event", "ping"}, {"X-Hub-Signature-256", github_sign(kGitHubSecret, body)}},
           body);
  CHECK(response.status == 400);
  CHECK(json::parse(response.body).at("message") == "The X-GitHub-Delivery header is missing.");
}

TEST_CASE("an event type Lockstep does not act on is acknowledged as ignored") {
  auto server = webhook_server();
  server->put_pipeline(pipeline_yaml("web", "acme/web", "main"));
  const auto response =
      post_github(server->port(), "issues", "i-1",
                  json{{"action", "opened"}, {"repository", {{"full_name", "acme/web"}}}}.dump());
  REQUIRE(response.status == 200);
  const auto answer = json::parse(response.body);
  CHECK(answer.at("ignored").get<std::string>().find("\"issues\" starts nothing") !=
        std::string::npos);
  CHECK(answer.at("started").empty());
  CHECK(server->store().find_delivery("github", "i-1"));
  CHECK(execution_count(*server, "web") == 0);
}

TEST_CASE("a ping is answered 200 and recorded") {
  auto server = webhook_server();
  const std::string body = json{{"zen", "Speak like a human."},
                                {"hook_id", 42},
                                {"repository", {{"full_name", "acme/web"}}}}
                               .dump();
  const auto response = post_github(server->port(), "ping", "ping-1", body);
  REQUIRE(response.status == 200);
  CHECK(json::parse(response.body).at("message") == "pong: hook 42 of acme/web reached Lockstep");
  CHECK(server->store().find_delivery("github", "ping-1"));
}

TEST_CASE("deleting the source branch starts nothing and says so") {
  auto server = webhook_server();
  server->put_pipeline(pipeline_yaml("web", "acme/web", "main"));
  const auto response =
      post_github(server->port(), "push", "del-1",
                  push_payload("acme/web", "refs/heads/main", {}, false, true).dump());
  REQUIRE(response.status == 200);
  const auto answer = json::parse(response.body);
  CHECK(answer.at("started").empty());
  REQUIRE(answer.at("notStarted").size() == 1);
  CHECK(answer.at("notStarted")[0].at("reason").get<std::string>().find(
            "deleting a branch never starts an execution") != std::string::npos);
}

TEST_CASE("a triggered start over the concurrency cap is recorded as Failed and says why") {
  auto options = InProcessServer::default_options();
  options.settings.maxConcurrentExecutions = 1;
  auto server = webhook_server({}, options);
  server->put_pipeline(pipeline_yaml("web", "acme/web", "main"));
  const std::string body = push_payload("acme/web", "refs/heads/main").dump();
  REQUIRE(post_github(server->port(), "push", "cap-1", body).status == 200);
  const auto second = json::parse(post_github(server->port(), "push", "cap-2", body).body);
  REQUIRE(second.at("started").size() == 1);
  CHECK(second.at("started")[0].at("status") == "Failed");
  CHECK(second.at("started")[0]
            .at("statusSummary")
            .get<std::string>()
            .find("concurrent executions") != std::string::npos);
}

TEST_CASE("GitLab's documented push example starts the pipeline of its project") {
  auto server = webhook_server();
  server->put_pipeline(pipeline_yaml("diaspora", "mike/diaspora", "master"));
  const auto response =
      post_gitlab(server->port(), "Push Hook", "gl-push", fixture("gitlab/push-hook.json"));
  REQUIRE(response.status == 200);
  const auto answer = json::parse(response.body);
  CHECK(answer.at("provider") == "gitlab");
  REQUIRE(started_pipelines(answer) == std::vector<std::string>{"diaspora"});
  const auto state = server->state();
  const auto& execution = state.pipelines.at("diaspora")
                              .executions.at(answer.at("started")[0].at("pipelineExecutionId"));
  CHECK(execution.sourceRevisions.at(0).revisionValue ==
        "da1560886d4f094c3e6c9ef40349f7d38b5d27d7");
}

TEST_CASE("GitLab's documented tag example starts only a pipeline whose trigger takes the tag") {
  auto server = webhook_server();
  server->put_pipeline(pipeline_yaml("release", "jsmith/example", "master", R"(      push:
        - tags: {includes: ["v*"]}
)"));
  server->put_pipeline(pipeline_yaml("nightly", "jsmith/example", "master"));
  const auto response =
      post_gitlab(server->port(), "Tag Push Hook", "gl-tag", fixture("gitlab/tag-push-hook.json"));
  REQUIRE(response.status == 200);
  const auto answer = json::parse(response.body);
  CHECK(started_pipelines(answer) == std::vector<std::string>{"release"});
  REQUIRE(answer.at("notStarted").size() == 1);
  CHECK(answer.at("notStarted")[0].at("reason").get<std::string>().find(
            "tag pushes start it only through a trigger with a tags filter") != std::string::npos);
}

TEST_CASE("GitLab's documented merge request example starts a pull request trigger") {
  auto server = webhook_server();
  server->put_pipeline(
      pipeline_yaml("review", "gitlabhq/gitlab-test", "master", R"(      pullRequest:
        - events: [OPEN]
          branches: {includes: [master]}
)"));
  const auto response = post_gitlab(server->port(), "Merge Request Hook", "gl-mr",
                                    fixture("gitlab/merge-request-hook.json"));
  REQUIRE(response.status == 200);
  const auto answer = json::parse(response.body);
  REQUIRE(started_pipelines(answer) == std::vector<std::string>{"review"});
  const auto state = server->state();
  const auto& execution =
      state.pipelines.at("review").executions.at(answer.at("started")[0].at("pipelineExecutionId"));
  CHECK(execution.trigger.triggerType == "WebhookV2");
}

TEST_CASE("a GitLab delivery with a wrong token is refused with 401") {
  auto server = webhook_server();
  server->put_pipeline(pipeline_yaml("diaspora", "mike/diaspora", "master"));
  const auto response = post_gitlab(server->port(), "Push Hook", "gl-bad",
                                    fixture("gitlab/push-hook.json"), "not the token");
  CHECK(response.status == 401);
  CHECK_FALSE(server->store().find_delivery("gitlab", "gl-bad"));
  CHECK(execution_count(*server, "diaspora") == 0);
}

TEST_CASE("a GitLab redelivery with the same event UUID gets the first answer") {
  auto server = webhook_server();
  server->put_pipeline(pipeline_yaml("diaspora", "mike/diaspora", "master"));
  const std::string body = fixture("gitlab/push-hook.json");
  const auto first = post_gitlab(server->port(), "Push Hook", "gl-again", body);
  const auto second = post_gitlab(server->port(), "Push Hook", "gl-again", body);
  CHECK(first.status == 200);
  CHECK(second.body == first.body);
  CHECK(execution_count(*server, "diaspora") == 1);
}

TEST_CASE("every answer is counted by provider and result for the metrics") {
  lockstep::server::Metrics metrics;
  auto server = webhook_server({}, InProcessServer::default_options(), &metrics);
  server->put_pipeline(pipeline_yaml("web", "acme/web", "main"));
  const std::string body = push_payload("acme/web", "refs/heads/main").dump();
  post_github(server->port(), "push", "m-1", body);
  post_github(server->port(), "push", "m-1", body);
  post_github(server->port(), "push", "m-2", body, "wrong");
  post_github(server->port(), "push", "m-3", "{");
  const std::string text = metrics.render();
  for (const char* result : {"accepted", "redelivered", "unauthorized", "invalid"}) {
    INFO(text);
    CHECK(text.find(std::string("lockstep_webhook_deliveries_total{provider=\"github\",result=\"") +
                    result + "\"} 1") != std::string::npos);
  }
}

// Reading GitHub and GitLab payloads into trigger events: refs, commits, changed files, pull
// request actions, and every missing field reported with its path.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "server/github_event.hpp"
#include "server/gitlab_event.hpp"
#include "tests/webhooks/webhook_client.hpp"

using lockstep::engine::PullRequestEvent;
using lockstep::engine::RefKind;
using lockstep::engine::TriggerEventKind;
using lockstep::server::WebhookEventKind;
using nlohmann::json;

namespace {

json github_push(std::string ref) {
  return {{"ref", std::move(ref)},
          {"before", "1111111111111111111111111111111111111111"},
          {"after", "2222222222222222222222222222222222222222"},
          {"created", false},
          {"deleted", false},
          {"repository", {{"full_name", "acme/web"}}},
          {"head_commit", {{"id", "3333333333333333333333333333333333333333"}, {"message", "m"}}},
          {"commits",
           {{{"added", {"src/b.cpp"}}, {"modified", {"README.md"}}, {"removed", json::array()}},
            {{"added", json::array()}, {"modified", {"src/b.cpp"}}, {"removed", {"old.txt"}}}}}};
}

json github_pull_request(std::string action) {
  return {{"action", std::move(action)},
          {"number", 12},
          {"repository", {{"full_name", "acme/web"}}},
          {"pull_request",
           {{"title", "Add things"},
            {"head", {{"ref", "feature/x"}, {"sha", "4444444444444444444444444444444444444444"}}},
            {"base", {{"ref", "main"}}}}}};
}

}  // namespace

TEST_CASE("a GitHub branch push becomes a push event with the sorted changed files") {
  std::vector<std::string> problems;
  const auto event =
      lockstep::server::read_github_event("push", github_push("refs/heads/main"), problems);
  REQUIRE(problems.empty());
  REQUIRE(event.kind == WebhookEventKind::Trigger);
  const auto& trigger = *event.trigger;
  CHECK(trigger.kind == TriggerEventKind::Push);
  CHECK(trigger.refKind == RefKind::Branch);
  CHECK(trigger.ref == "main");
  CHECK(trigger.repository == "acme/web");
  CHECK(trigger.commitId == "2222222222222222222222222222222222222222");
  CHECK(trigger.changedFiles == std::vector<std::string>{"README.md", "old.txt", "src/b.cpp"});
}

TEST_CASE("a GitHub tag push pins the tagged commit") {
  std::vector<std::string> problems;
  const auto event =
      lockstep::server::read_github_event("push", github_push("refs/tags/v1.2"), problems);
  REQUIRE(problems.empty());
  CHECK(event.trigger->refKind == RefKind::Tag);
  CHECK(event.trigger->ref == "v1.2");
  CHECK(event.trigger->commitId == "3333333333333333333333333333333333333333");
}

TEST_CASE("a GitHub push that creates or deletes a branch has no changed files") {
  std::vector<std::string> problems;
  auto created = github_push("refs/heads/new");
  created["created"] = true;
  auto deleted = github_push("refs/heads/gone");
  deleted["deleted"] = true;
  const auto c = lockstep::server::read_github_event("push", created, problems);
  const auto d = lockstep::server::read_github_event("push", deleted, problems);
  REQUIRE(problems.empty());
  CHECK(c.trigger->created);
  CHECK_FALSE(c.trigger->changedFiles);
  CHECK(d.trigger->deleted);
  CHECK_FALSE(d.trigger->changedFiles);
}

TEST_CASE("GitHub pull request actions map to OPEN UPDATED and CLOSED and others are ignored") {
  const std::vector<std::pair<std::string, PullRequestEvent>> mapped{
      {"opened", PullRequestEvent::Open},
      {"reopened", PullRequestEvent::Open},
      {"synchronize", PullRequestEvent::Updated},
      {"closed", PullRequestEvent::Closed}};
  for (const auto& [action, expected] : mapped) {
    INFO(action);
    std::vector<std::string> problems;
    const auto event =
        lockstep::server::read_github_event("pull_request", github_pull_request(action), problems);
    REQUIRE(problems.empty());
    REQUIRE(event.kind == WebhookEventKind::Trigger);
    CHECK(event.trigger->kind == TriggerEventKind::PullRequest);
    CHECK(event.trigger->pullRequestEvent == expected);
    CHECK(event.trigger->sourceBranch == "feature/x");
    CHECK(event.trigger->destinationBranch == "main");
    CHECK(event.trigger->commitId == "4444444444444444444444444444444444444444");
    CHECK(event.trigger->pullRequestId == "12");
    CHECK_FALSE(event.trigger->changedFiles);  // GitHub's payload lists no files
  }
  std::vector<std::string> problems;
  const auto labeled =
      lockstep::server::read_github_event("pull_request", github_pull_request("labeled"), problems);
  CHECK(labeled.kind == WebhookEventKind::Ignored);
  CHECK(labeled.message.find("\"labeled\"") != std::string::npos);
}

TEST_CASE("every field a GitHub pull request payload lacks is reported with its path") {
  json payload = github_pull_request("opened");
  payload["pull_request"].erase("base");
  payload["pull_request"]["head"]["sha"] = 5;
  payload.erase("repository");
  std::vector<std::string> problems;
  lockstep::server::read_github_event("pull_request", payload, problems);
  CHECK(problems == std::vector<std::string>{
                        "/repository/full_name: is missing", "/pull_request/base/ref: is missing",
                        "/pull_request/head/sha: must be a string, not number"});
}

TEST_CASE("GitLab's documented push example becomes a branch push with its files") {
  std::vector<std::string> problems;
  const auto event = lockstep::server::read_gitlab_event(
      "Push Hook", json::parse(lockstep::testing::fixture("gitlab/push-hook.json")), problems);
  REQUIRE(problems.empty());
  REQUIRE(event.kind == WebhookEventKind::Trigger);
  CHECK(event.trigger->repository == "mike/diaspora");
  CHECK(event.trigger->ref == "master");
  CHECK(event.trigger->commitId == "da1560886d4f094c3e6c9ef40349f7d38b5d27d7");
  CHECK(event.trigger->changedFiles ==
        std::vector<std::string>{"CHANGELOG", "app/controller/application.rb"});
}

TEST_CASE("GitLab's documented tag example is a tag push that creates the tag") {
  std::vector<std::string> problems;
  const auto event = lockstep::server::read_gitlab_event(
      "Tag Push Hook", json::parse(lockstep::testing::fixture("gitlab/tag-push-hook.json")),
      problems);
  REQUIRE(problems.empty());
  CHECK(event.trigger->refKind == RefKind::Tag);
  CHECK(event.trigger->ref == "v1.0.0");
  CHECK(event.trigger->repository == "jsmith/example");
  CHECK(event.trigger->commitId == "82b3d5ae55f7080f1e6022629cdb57bfae7cccc7");
}

TEST_CASE("GitLab merge request actions map to pull request events") {
  const json example = json::parse(lockstep::testing::fixture("gitlab/merge-request-hook.json"));
  auto with_action = [&](const std::string& action, bool oldrev) {
    json payload = example;
    payload["object_attributes"]["action"] = action;
    if (oldrev) payload["object_attributes"]["oldrev"] = "95790bf891e76fee5e1747ab589903a6a1f80f22";
    std::vector<std::string> problems;
    auto event = lockstep::server::read_gitlab_event("Merge Request Hook", payload, problems);
    REQUIRE(problems.empty());
    return event;
  };
  const auto open = with_action("open", false);
  REQUIRE(open.kind == WebhookEventKind::Trigger);
  CHECK(open.trigger->pullRequestEvent == PullRequestEvent::Open);
  CHECK(open.trigger->sourceBranch == "ms-viewport");
  CHECK(open.trigger->destinationBranch == "master");
  CHECK(open.trigger->repository == "gitlabhq/gitlab-test");
  CHECK(open.trigger->commitId == "da1560886d4f094c3e6c9ef40349f7d38b5d27d7");
  CHECK(with_action("reopen", false).trigger->pullRequestEvent == PullRequestEvent::Open);
  CHECK(with_action("update", true).trigger->pullRequestEvent == PullRequestEvent::Updated);
  CHECK(with_action("update", false).kind == WebhookEventKind::Ignored);
  CHECK(with_action("merge", false).trigger->pullRequestEvent == PullRequestEvent::Closed);
  CHECK(with_action("close", false).trigger->pullRequestEvent == PullRequestEvent::Closed);
  CHECK(with_action("approved", false).kind == WebhookEventKind::Ignored);
}

TEST_CASE("a GitLab push deleting a branch is a deletion without a commit") {
  json payload = json::parse(lockstep::testing::fixture("gitlab/push-hook.json"));
  payload["after"] = "0000000000000000000000000000000000000000";
  payload["checkout_sha"] = nullptr;
  std::vector<std::string> problems;
  const auto event = lockstep::server::read_gitlab_event("Push Hook", payload, problems);
  REQUIRE(problems.empty());
  CHECK(event.trigger->deleted);
  CHECK(event.trigger->commitId.empty());
}

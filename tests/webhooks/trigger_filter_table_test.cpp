// Trigger filters through the webhook route (SEMANTICS §16.3): each row declares a pipeline on
// its own repository, sends one signed GitHub delivery, and checks whether the answer lists the
// pipeline as started, and the reason it gives.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "tests/webhooks/payloads.hpp"
#include "tests/webhooks/webhook_client.hpp"

using namespace lockstep::testing;
using nlohmann::json;

namespace {

struct Row {
  const char* what;
  std::string triggers;  // YAML under gitConfiguration; empty = default change detection
  std::string event;     // push or pull_request
  json payload;          // built for repository "acme/row"; the test renames it per row
  bool starts;
  std::string reason;  // a part of the started or not-started reason
};

json branch_push(const std::string& branch, std::vector<std::string> files = {"README.md"}) {
  return push_payload("acme/row", "refs/heads/" + branch, files);
}
json tag_push(const std::string& tag) {
  return push_payload("acme/row", "refs/tags/" + tag);
}
json pr(const std::string& action, const std::string& destination,
        const std::string& source = "feature/x") {
  return pull_request_payload("acme/row", action, source, destination);
}

const std::string kMainOnly = "      push:\n        - branches: {includes: [main]}\n";
const std::string kReleaseGlob = "      push:\n        - branches: {includes: [\"release/*\"]}\n";
const std::string kDeepGlob = "      push:\n        - branches: {includes: [\"release/**\"]}\n";
const std::string kExcludeWip =
    "      push:\n        - branches: {includes: [\"*\"], excludes: [\"wip-*\"]}\n";
const std::string kOnlyExcludes = "      push:\n        - branches: {excludes: [dev]}\n";
const std::string kTags =
    "      push:\n        - tags: {includes: [\"v[0-9]*\"], excludes: [\"*-rc*\"]}\n";
const std::string kDocsPaths =
    "      push:\n        - branches: {includes: [main]}\n"
    "          filePaths: {includes: [\"docs/**\"]}\n";
const std::string kNotDocs =
    "      push:\n        - branches: {includes: [main]}\n"
    "          filePaths: {excludes: [\"docs/**\", \"*.md\"]}\n";
const std::string kSrcCpp =
    "      push:\n        - branches: {includes: [main]}\n"
    "          filePaths: {includes: [\"src/**/*.{cpp,hpp}\"]}\n";
const std::string kTwoFilters =
    "      push:\n        - branches: {includes: [main]}\n        - tags: {includes: [\"v*\"]}\n";
const std::string kPrOpen =
    "      pullRequest:\n        - events: [OPEN]\n          branches: {includes: [main]}\n";
const std::string kPrAll =
    "      pullRequest:\n        - branches: {includes: [main, \"release/*\"]}\n";
const std::string kPrClosed =
    "      pullRequest:\n        - events: [CLOSED, UPDATED]\n          branches: {includes: "
    "[\"**\"]}\n";
const std::string kPrPaths =
    "      pullRequest:\n        - branches: {includes: [main]}\n"
    "          filePaths: {includes: [\"src/**\"]}\n";
const std::string kPushAndPr =
    kMainOnly + "      pullRequest:\n        - branches: {includes: [main]}\n";

std::vector<Row> rows() {
  return {
      // Default change detection (no trigger).
      {"default detection starts on its branch", "", "push", branch_push("main"), true,
       "push to its branch \"main\" (default change detection)"},
      {"default detection ignores other branches", "", "push", branch_push("dev"), false,
       "branch \"dev\" is not its branch \"main\""},
      {"default detection ignores tags", "", "push", tag_push("v1.0"), false,
       "tag pushes start it only through a trigger with a tags filter"},
      {"default detection ignores pull requests", "", "pull_request", pr("opened", "main"), false,
       "pull request events start it only through a trigger with a pull request filter"},
      // Branch globs.
      {"an exact branch include matches", kMainOnly, "push", branch_push("main"), true,
       "push filter 1 matches branch \"main\""},
      {"an exact branch include refuses another branch", kMainOnly, "push", branch_push("main2"),
       false, "branch \"main2\" matches none of the includes \"main\""},
      {"a star matches one segment", kReleaseGlob, "push", branch_push("release/1.0"), true,
       "matches branch \"release/1.0\""},
      {"a star does not cross a slash", kReleaseGlob, "push", branch_push("release/1.0/hotfix"),
       false, "matches none of the includes \"release/*\""},
      {"a double star crosses slashes", kDeepGlob, "push", branch_push("release/1.0/hotfix"), true,
       "matches branch \"release/1.0/hotfix\""},
      {"an exclude wins over an include", kExcludeWip, "push", branch_push("wip-login"), false,
       "branch \"wip-login\" is excluded by \"wip-*\""},
      {"an include with excludes passes the rest", kExcludeWip, "push", branch_push("login"), true,
       "matches branch \"login\""},
      {"only excludes pass what they do not exclude", kOnlyExcludes, "push", branch_push("feature"),
       true, "matches branch \"feature\""},
      {"only excludes refuse what they exclude", kOnlyExcludes, "push", branch_push("dev"), false,
       "branch \"dev\" is excluded by \"dev\""},
      {"a branch filter ignores tag pushes", kMainOnly, "push", tag_push("v1"), false,
       "it matches branch pushes only"},
      // Tag globs.
      {"a tag include with a class matches", kTags, "push", tag_push("v2.3.0"), true,
       "matches tag \"v2.3.0\""},
      {"a tag exclude wins", kTags, "push", tag_push("v2.3.0-rc1"), false,
       "tag \"v2.3.0-rc1\" is excluded by \"*-rc*\""},
      {"a tag that matches no include", kTags, "push", tag_push("release-2"), false,
       "tag \"release-2\" matches none of the includes \"v[0-9]*\""},
      {"a tags filter ignores branch pushes", kTags, "push", branch_push("main"), false,
       "it matches tag pushes only"},
      {"the second push filter can match when the first does not", kTwoFilters, "push",
       tag_push("v9"), true, "push filter 2 matches tag \"v9\""},
      // File paths.
      {"a changed file under an included folder matches", kDocsPaths, "push",
       branch_push("main", {"docs/guide/intro.md"}), true, "push filter 1 matches branch \"main\""},
      {"no changed file under the included folder", kDocsPaths, "push",
       branch_push("main", {"src/a.cpp"}), false,
       "the changed file \"src/a.cpp\" matches none of the includes \"docs/**\""},
      {"one passing file among several is enough", kDocsPaths, "push",
       branch_push("main", {"src/a.cpp", "docs/x.md"}), true, "matches branch \"main\""},
      {"file excludes refuse a push changing only excluded files", kNotDocs, "push",
       branch_push("main", {"docs/a.md", "README.md"}), false, "is excluded by"},
      {"file excludes pass a push changing another file", kNotDocs, "push",
       branch_push("main", {"README.md", "src/main.cpp"}), true, "matches branch \"main\""},
      {"braces choose among extensions", kSrcCpp, "push",
       branch_push("main", {"src/core/engine.hpp"}), true, "matches branch \"main\""},
      {"braces refuse an extension not listed", kSrcCpp, "push",
       branch_push("main", {"src/core/engine.py"}), false,
       "matches none of the includes \"src/**/*.{cpp,hpp}\""},
      {"a push creating a branch never matches a file filter", kDocsPaths, "push",
       push_payload("acme/row", "refs/heads/main", {"docs/a.md"}, true), false,
       "a push that creates a branch has no changed files"},
      {"a push creating a branch matches without a file filter", kMainOnly, "push",
       push_payload("acme/row", "refs/heads/main", {"docs/a.md"}, true), true,
       "matches branch \"main\""},
      {"deleting a matching branch starts nothing", kMainOnly, "push",
       push_payload("acme/row", "refs/heads/main", {}, false, true), false,
       "deleting a branch never starts an execution"},
      {"deleting a matching tag starts nothing", kTags, "push",
       push_payload("acme/row", "refs/tags/v1.0", {}, false, true), false,
       "deleting a tag never starts an execution"},
      // Pull requests.
      {"an opened pull request into main is OPEN", kPrOpen, "pull_request", pr("opened", "main"),
       true, "pull request filter 1 matches OPEN into \"main\""},
      {"a reopened pull request is OPEN too", kPrOpen, "pull_request", pr("reopened", "main"), true,
       "matches OPEN into \"main\""},
      {"new commits are UPDATED which an OPEN filter refuses", kPrOpen, "pull_request",
       pr("synchronize", "main"), false, "it takes OPEN events, not UPDATED"},
      {"the branch filter judges the destination branch", kPrOpen, "pull_request",
       pr("opened", "dev", "main"), false,
       "destination branch \"dev\" matches none of the includes \"main\""},
      {"a filter without events takes every event", kPrAll, "pull_request",
       pr("closed", "release/2"), true, "matches CLOSED into \"release/2\""},
      {"a closed pull request is CLOSED", kPrClosed, "pull_request", pr("closed", "a/b"), true,
       "matches CLOSED into \"a/b\""},
      {"an opened pull request is not CLOSED or UPDATED", kPrClosed, "pull_request",
       pr("opened", "main"), false, "it takes CLOSED, UPDATED events, not OPEN"},
      {"a pull request never matches a file filter as its files are unknown", kPrPaths,
       "pull_request", pr("opened", "main"), false, "the changed files of this event are unknown"},
      {"a push filter alone ignores pull requests", kMainOnly, "pull_request", pr("opened", "main"),
       false, "its trigger has no pull request filter"},
      {"a pull request filter alone ignores pushes", kPrOpen, "push", branch_push("main"), false,
       "its trigger has no push filter"},
      {"push and pull request filters both apply to their own events", kPushAndPr, "pull_request",
       pr("synchronize", "main"), true, "matches UPDATED into \"main\""},
  };
}

}  // namespace

TEST_CASE("the webhook answer gives each trigger filter decision with its reason") {
  auto server = webhook_server();
  const auto table = rows();
  REQUIRE(table.size() >= 30);
  for (std::size_t i = 0; i < table.size(); ++i) {
    const Row& row = table[i];
    const std::string name = "row-" + std::to_string(i);
    const std::string repository = "acme/" + name;
    server->put_pipeline(pipeline_yaml(name, repository, "main", row.triggers));
  }
  for (std::size_t i = 0; i < table.size(); ++i) {
    const Row& row = table[i];
    const std::string name = "row-" + std::to_string(i);
    INFO(name << ": " << row.what);
    json payload = row.payload;
    payload["repository"]["full_name"] = "acme/" + name;
    const auto response = post_github(server->port(), row.event, name, payload.dump());
    REQUIRE(response.status == 200);
    const auto answer = json::parse(response.body);
    INFO(answer.dump(2));
    const auto& list = answer.at(row.starts ? "started" : "notStarted");
    const auto& other = answer.at(row.starts ? "notStarted" : "started");
    REQUIRE(list.size() == 1);
    CHECK(other.empty());
    CHECK(list[0].at("pipelineName") == name);
    CHECK(list[0].at("reason").get<std::string>().find(row.reason) != std::string::npos);
    if (row.starts) CHECK(list[0].at("pipelineExecutionId").get<std::string>().size() > 0);
  }
}

// Trigger matching: which Git events start a pipeline, with which revisions, and the reasons given.
#include <catch2/catch.hpp>

#include <string>
#include <utility>
#include <vector>

#include "engine/trigger_matching.hpp"

namespace lockstep::engine {
namespace {

using Files = std::vector<std::string>;
using Revisions = std::vector<SourceRevision>;

ActionDeclaration git_source(std::string name, std::string repository = "acme/demo",
                             std::string branch = "main", Configuration extra = {}) {
  ActionDeclaration a;
  a.name = std::move(name);
  a.actionTypeId = {ActionCategory::Source, ActionOwner::AWS, "CodeStarSourceConnection", "1"};
  a.configuration = {{"FullRepositoryId", std::move(repository)},
                     {"BranchName", std::move(branch)}};
  for (auto& [key, value] : extra) a.configuration[key] = value;
  a.outputArtifacts.push_back({a.name + "Out", {}});
  return a;
}

ActionDeclaration github_v1_source(std::string name, Configuration extra = {}) {
  ActionDeclaration a;
  a.name = std::move(name);
  a.actionTypeId = {ActionCategory::Source, ActionOwner::ThirdParty, "GitHub", "1"};
  a.configuration = {
      {"Owner", "acme"}, {"Repo", "demo"}, {"Branch", "main"}, {"OAuthToken", "****"}};
  for (auto& [key, value] : extra) a.configuration[key] = value;
  a.outputArtifacts.push_back({a.name + "Out", {}});
  return a;
}

ActionDeclaration s3_source(std::string name) {
  ActionDeclaration a;
  a.name = std::move(name);
  a.actionTypeId = {ActionCategory::Source, ActionOwner::AWS, "S3", "1"};
  a.configuration = {{"S3Bucket", "acme"}, {"S3ObjectKey", "demo.zip"}};
  a.outputArtifacts.push_back({a.name + "Out", {}});
  return a;
}

PipelineTriggerDeclaration trigger(std::string action, std::vector<GitPushFilter> push,
                                   std::vector<GitPullRequestFilter> pull_request = {}) {
  PipelineTriggerDeclaration t;
  t.gitConfiguration = {std::move(action), std::move(push), std::move(pull_request)};
  return t;
}

PipelineDeclaration pipeline(std::vector<ActionDeclaration> sources,
                             std::vector<PipelineTriggerDeclaration> triggers = {},
                             PipelineType type = PipelineType::V2) {
  PipelineDeclaration d;
  d.name = "P";
  d.pipelineType = type;
  d.stages.push_back({"Source", {}, std::move(sources), std::nullopt, {}, {}});
  ActionDeclaration build;
  build.name = "build";
  build.actionTypeId = {ActionCategory::Build, ActionOwner::AWS, "CodeBuild", "1"};
  build.configuration = {{"ProjectName", "demo"}};
  build.inputArtifacts = {d.stages[0].actions[0].outputArtifacts[0].name};
  d.stages.push_back({"Build", {}, {build}, std::nullopt, {}, {}});
  d.triggers = std::move(triggers);
  return d;
}

// One Git source `src` on acme/demo, branch main, with one trigger.
PipelineDeclaration src_with(std::vector<GitPushFilter> push,
                             std::vector<GitPullRequestFilter> pull_request = {},
                             Configuration extra = {}) {
  return pipeline({git_source("src", "acme/demo", "main", std::move(extra))},
                  {trigger("src", std::move(push), std::move(pull_request))});
}

GitFilterCriteria criteria(std::vector<std::string> includes,
                           std::vector<std::string> excludes = {}) {
  return {std::move(includes), std::move(excludes)};
}
GitPushFilter branches(GitFilterCriteria c, std::optional<GitFilterCriteria> files = {}) {
  return {std::nullopt, std::move(c), std::move(files)};
}
GitPushFilter tags(GitFilterCriteria c) {
  return {std::move(c), std::nullopt, std::nullopt};
}
GitPullRequestFilter pull_requests(std::vector<PullRequestEvent> events, GitFilterCriteria c,
                                   std::optional<GitFilterCriteria> files = {}) {
  return {std::move(events), std::move(c), std::move(files)};
}

TriggerEvent push(std::string branch, std::string commit = "h1",
                  std::optional<Files> files = Files{"README.md"}) {
  return TriggerEvent::branch_push("acme/demo", std::move(branch), std::move(commit),
                                   std::move(files));
}
TriggerEvent pr(PullRequestEvent event, std::string into, std::string commit = "h2",
                std::optional<Files> files = Files{"README.md"}) {
  return TriggerEvent::pull_request("acme/demo", event, "feat", std::move(into), std::move(commit),
                                    std::move(files));
}
template <typename F>
TriggerEvent with(TriggerEvent e, F change) {
  change(e);
  return e;
}

Revisions commit(std::string action, std::string id) {
  return {{std::move(action), "COMMIT_ID", std::move(id)}};
}

struct TriggerCase {
  std::string behaviour;
  PipelineDeclaration declaration;
  TriggerEvent event;
  bool starts = false;
  std::string reason_part;   // a key part of TriggerMatch::reason
  Revisions revisions;       // expected sourceRevisions (empty when nothing starts)
  std::string trigger_type;  // when it starts
};

std::string render(const Revisions& revisions) {
  std::string out;
  for (const auto& r : revisions) {
    out += (out.empty() ? "" : ", ") + r.actionName + " " + r.revisionType + " " + r.revisionValue;
  }
  return out;
}

void check(const TriggerCase& c) {
  INFO(c.behaviour);
  const TriggerMatch m = match_triggers(c.declaration, c.event);
  INFO("reason: " << m.reason);
  CHECK(m.start == c.starts);
  CHECK_THAT(m.reason, Catch::Contains(c.reason_part));
  CHECK(render(m.sourceRevisions) == render(c.revisions));
  if (c.starts) {
    CHECK(m.trigger.triggerType == c.trigger_type);
    CHECK_FALSE(m.trigger.triggerDetail.empty());
  } else {
    CHECK(m.trigger == ExecutionTrigger{});
  }
}

const auto kOpen = PullRequestEvent::Open;
const auto kUpdated = PullRequestEvent::Updated;
const auto kClosed = PullRequestEvent::Closed;

TEST_CASE("trigger branch filters start on included branches and never on excluded ones") {
  const std::vector<TriggerCase> cases = {
      {"S74 a push to an included branch starts with its head",
       src_with({branches(criteria({"main"}))}), push("main", "h1"), true,
       "push filter 1 matches branch \"main\"", commit("src", "h1"), "WebhookV2"},
      {"S74 a push to another branch starts nothing",
       src_with({branches(criteria({"main"}))}),
       push("dev"),
       false,
       "source action \"src\": no push filter of its trigger matches (push filter 1: branch "
       "\"dev\" "
       "matches none of the includes \"main\")",
       {},
       ""},
      {"S75 a branch matching an include starts",
       src_with({branches(criteria({"release/*"}, {"release/old"}))}), push("release/1"), true,
       "matches branch \"release/1\"", commit("src", "h1"), "WebhookV2"},
      {"S75 an exclude wins over an include",
       src_with({branches(criteria({"release/*"}, {"release/old"}))}),
       push("release/old"),
       false,
       "branch \"release/old\" is excluded by \"release/old\"",
       {},
       ""},
      {"S76 a single star matches one segment", src_with({branches(criteria({"feature/*"}))}),
       push("feature/a"), true, "matches branch \"feature/a\"", commit("src", "h1"), "WebhookV2"},
      {"S76 a single star does not cross a slash",
       src_with({branches(criteria({"feature/*"}))}),
       push("feature/a/b"),
       false,
       "branch \"feature/a/b\" matches none of the includes \"feature/*\"",
       {},
       ""},
      {"S76 a double star crosses slashes", src_with({branches(criteria({"feature/**"}))}),
       push("feature/a/b"), true, "matches branch \"feature/a/b\"", commit("src", "h1"),
       "WebhookV2"},
      {"criteria with only excludes match every other branch",
       src_with({branches(criteria({}, {"dev*"}))}), push("main"), true, "matches branch \"main\"",
       commit("src", "h1"), "WebhookV2"},
      {"criteria with only excludes refuse an excluded branch",
       src_with({branches(criteria({}, {"dev*"}))}),
       push("dev-1"),
       false,
       "branch \"dev-1\" is excluded by \"dev*\"",
       {},
       ""},
      {"brace alternatives in a branch include",
       src_with({branches(criteria({"{main,release/*}"}))}), push("release/2"), true,
       "matches branch \"release/2\"", commit("src", "h1"), "WebhookV2"},
      {"a trigger turns off default detection on the action branch",
       src_with({branches(criteria({"release/*"}))}),
       push("main"),
       false,
       "branch \"main\" matches none of the includes \"release/*\"",
       {},
       ""},
  };
  check(GENERATE_COPY(from_range(cases)));
}

TEST_CASE("trigger tag filters start on tag pushes and push filters are alternatives") {
  const std::vector<GitPushFilter> s79 = {tags(criteria({"release-1"})),
                                          branches(criteria({"main*"}, {"feature*"}))};
  const std::vector<TriggerCase> cases = {
      {"S79 a tag push matches the tag filter", src_with(s79),
       TriggerEvent::tag_push("acme/demo", "release-1", "t1"), true,
       "push filter 1 matches tag \"release-1\"", commit("src", "t1"), "WebhookV2"},
      {"S79 a branch push matches the second filter", src_with(s79), push("main-x"), true,
       "push filter 2 matches branch \"main-x\"", commit("src", "h1"), "WebhookV2"},
      {"S79 every filter is explained when none matches",
       src_with(s79),
       push("feature-x"),
       false,
       "(push filter 1: it matches tag pushes only; push filter 2: branch \"feature-x\" is "
       "excluded "
       "by \"feature*\")",
       {},
       ""},
      {"a tag outside the includes starts nothing",
       src_with({tags(criteria({"v1*"}))}),
       TriggerEvent::tag_push("acme/demo", "v2.0", "t2"),
       false,
       "tag \"v2.0\" matches none of the includes \"v1*\"",
       {},
       ""},
      {"a tag push matches no branch filter",
       src_with({branches(criteria({"**"}))}),
       TriggerEvent::tag_push("acme/demo", "v1", "t1"),
       false,
       "push filter 1: it matches branch pushes only",
       {},
       ""},
      {"a tag push does not start default detection",
       pipeline({git_source("src")}),
       TriggerEvent::tag_push("acme/demo", "v1", "t1"),
       false,
       "tag pushes start it only through a trigger with a tags filter",
       {},
       ""},
  };
  check(GENERATE_COPY(from_range(cases)));
}

TEST_CASE("trigger file path filters judge each changed file on its own") {
  Files many;
  for (int i = 0; i < 150; ++i) many.push_back("y/file" + std::to_string(i) + ".txt");
  Files late = many;
  late[119] = "x/match.txt";
  Files hundredth = many;
  hundredth[99] = "x/match.txt";
  const auto s77 = src_with({branches(criteria({"feature/**"}), criteria({"common/**/*.js"}))});
  const auto s78 =
      src_with({branches(criteria({"main"}), criteria({"README.md"}, {"LICENSE.txt"}))});
  const auto s82 = src_with({branches(criteria({"main"}), criteria({"x/match.txt"}))});
  const std::vector<TriggerCase> cases = {
      {"S77 a change outside the file paths starts nothing",
       s77,
       push("feature/x", "h1", Files{"src/Main.java"}),
       false,
       "the changed file \"src/Main.java\" matches none of the includes \"common/**/*.js\"",
       {},
       ""},
      {"S77 a change inside the file paths starts", s77,
       push("feature/x", "h3", Files{"common/app.js"}), true, "push filter 1 matches branch",
       commit("src", "h3"), "WebhookV2"},
      {"S78 an excluded file alone starts nothing",
       s78,
       push("main", "h1", Files{"LICENSE.txt"}),
       false,
       "the changed file \"LICENSE.txt\" is excluded by \"LICENSE.txt\"",
       {},
       ""},
      {"S78 one included file among excluded ones starts", s78,
       push("main", "h4", Files{"LICENSE.txt", "README.md"}), true, "push filter 1 matches",
       commit("src", "h4"), "WebhookV2"},
      {"S82 a match beyond the first 100 changed files starts nothing",
       s82,
       push("main", "h1", late),
       false,
       "none of the first 100 of 150 changed files passes the file paths (file "
       "\"y/file0.txt\" matches none of the includes \"x/match.txt\")",
       {},
       ""},
      {"S82 a match at position 100 starts", s82, push("main", "h5", hundredth), true,
       "push filter 1 matches", commit("src", "h5"), "WebhookV2"},
      {"S81 creating a branch starts nothing when file paths are filtered",
       s77,
       with(push("feature/new", "h1", Files{"common/app.js"}), [](auto& e) { e.created = true; }),
       false,
       "a push that creates a branch has no changed files",
       {},
       ""},
      {"S81 creating a branch starts without a file path filter",
       src_with({branches(criteria({"feature/**"}))}),
       with(push("feature/new", "h6", std::nullopt), [](auto& e) { e.created = true; }), true,
       "push filter 1 matches branch \"feature/new\"", commit("src", "h6"), "WebhookV2"},
      {"unknown changed files never pass a file path filter",
       s77,
       push("feature/x", "h1", std::nullopt),
       false,
       "the changed files of this event are unknown",
       {},
       ""},
      {"a push without changed files never passes a file path filter",
       s77,
       push("feature/x", "h1", Files{}),
       false,
       "the event changes no files",
       {},
       ""},
      {"file path excludes alone pass a file they do not exclude",
       src_with({branches(criteria({"main"}), criteria({}, {"docs/**"}))}),
       push("main", "h7", Files{"docs/a.md", "src/x.cpp"}), true, "push filter 1 matches",
       commit("src", "h7"), "WebhookV2"},
      {"file path excludes alone refuse when every file is excluded",
       src_with({branches(criteria({"main"}), criteria({}, {"docs/**"}))}),
       push("main", "h1", Files{"docs/a.md", "docs/b/c.md"}),
       false,
       "none of the 2 changed files passes the file paths (file \"docs/a.md\" is excluded by "
       "\"docs/**\")",
       {},
       ""},
  };
  check(GENERATE_COPY(from_range(cases)));
}

TEST_CASE("trigger pull request filters match events and destination branches") {
  const auto s80 = src_with({}, {pull_requests({kOpen}, criteria({"main"}))});
  const std::vector<TriggerCase> cases = {
      {"S80 opening a pull request into main starts with its head", s80, pr(kOpen, "main", "h2"),
       true, "pull request filter 1 matches OPEN into \"main\"", commit("src", "h2"), "WebhookV2"},
      {"S80 an update is not an open event",
       s80,
       pr(kUpdated, "main"),
       false,
       "pull request filter 1: it takes OPEN events, not UPDATED",
       {},
       ""},
      {"S80 a pull request into another branch starts nothing",
       s80,
       pr(kOpen, "dev"),
       false,
       "destination branch \"dev\" matches none of the includes \"main\"",
       {},
       ""},
      {"a filter without events takes a closed pull request",
       src_with({}, {pull_requests({}, criteria({"main"}))}), pr(kClosed, "main", "h8"), true,
       "pull request filter 1 matches CLOSED into \"main\"", commit("src", "h8"), "WebhookV2"},
      {"pull request file paths pass on a changed file",
       src_with({}, {pull_requests({kOpen, kUpdated}, criteria({"main"}), criteria({"src/**"}))}),
       pr(kUpdated, "main", "h9", Files{"src/a.js"}), true, "matches UPDATED into \"main\"",
       commit("src", "h9"), "WebhookV2"},
      {"pull request file paths refuse other files",
       src_with({}, {pull_requests({kOpen, kUpdated}, criteria({"main"}), criteria({"src/**"}))}),
       pr(kUpdated, "main", "h9", Files{"docs/a.md"}),
       false,
       "the changed file \"docs/a.md\" matches none of the includes \"src/**\"",
       {},
       ""},
      {"a pull request needs a pull request filter",
       src_with({branches(criteria({"main"}))}),
       pr(kOpen, "main"),
       false,
       "its trigger has no pull request filter",
       {},
       ""},
      {"a push needs a push filter",
       s80,
       push("main"),
       false,
       "its trigger has no push filter",
       {},
       ""},
      {"a pull request does not start default detection",
       pipeline({git_source("src")}),
       pr(kOpen, "main"),
       false,
       "pull request events start it only through a trigger with a pull request filter",
       {},
       ""},
  };
  check(GENERATE_COPY(from_range(cases)));
}

TEST_CASE("default trigger detection starts on pushes to the source action branch") {
  const auto poll = [](TriggerEvent e) {
    e.origin = TriggerOrigin::Poll;
    return e;
  };
  const std::vector<TriggerCase> cases = {
      {"S85 a V1 pipeline starts on a push to its branch",
       pipeline({git_source("src")}, {}, PipelineType::V1), push("main", "h1"), true,
       "source action \"src\": push to its branch \"main\" (default change detection)",
       commit("src", "h1"), "Webhook"},
      {"S85 a push to another branch starts nothing",
       pipeline({git_source("src")}, {}, PipelineType::V1),
       push("dev"),
       false,
       "branch \"dev\" is not its branch \"main\" (default change detection)",
       {},
       ""},
      {"S85 DetectChanges false starts nothing",
       pipeline({git_source("src", "acme/demo", "main", {{"DetectChanges", "false"}})}, {},
                PipelineType::V1),
       push("main"),
       false,
       "DetectChanges is \"false\" and no trigger names it, so only manual starts run it",
       {},
       ""},
      {"DetectChanges true still detects",
       pipeline({git_source("src", "acme/demo", "main", {{"DetectChanges", "true"}})}),
       push("main", "h2"), true, "(default change detection)", commit("src", "h2"), "Webhook"},
      {"a V2 pipeline without triggers detects its branch", pipeline({git_source("src")}),
       push("main", "h3"), true, "push to its branch \"main\"", commit("src", "h3"), "Webhook"},
      {"a poll starts with PollForSourceChanges", pipeline({git_source("src")}),
       poll(push("main", "h4")), true, "(seen by polling) starts an execution", commit("src", "h4"),
       "PollForSourceChanges"},
      {"a filtered trigger is WebhookV2 even when polled", src_with({branches(criteria({"main"}))}),
       poll(push("main", "h4")), true, "push filter 1 matches", commit("src", "h4"), "WebhookV2"},
      {"a GitHub version 1 source detects its Owner Repo and Branch",
       pipeline({github_v1_source("gh")}, {}, PipelineType::V1), push("main", "h5"), true,
       "source action \"gh\": push to its branch \"main\"", commit("gh", "h5"), "Webhook"},
      {"PollForSourceChanges false starts nothing",
       pipeline({github_v1_source("gh", {{"PollForSourceChanges", "false"}})}, {},
                PipelineType::V1),
       push("main"),
       false,
       "PollForSourceChanges is \"false\"",
       {},
       ""},
      {"a trigger still applies when DetectChanges is false",
       src_with({branches(criteria({"main"}))}, {}, {{"DetectChanges", "False"}}),
       push("main", "h6"), true, "push filter 1 matches branch \"main\"", commit("src", "h6"),
       "WebhookV2"},
  };
  check(GENERATE_COPY(from_range(cases)));
}

TEST_CASE("trigger matching with several source actions pins only the matching ones") {
  const auto app_lib = pipeline({git_source("app", "acme/app"), git_source("lib", "acme/lib")},
                                {trigger("app", {branches(criteria({"main"}))})});
  const auto same_repo = pipeline({git_source("a"), git_source("b")},
                                  {trigger("a", {branches(criteria({"release/*"}))})});
  const auto both_default = pipeline({git_source("a"), git_source("b")});
  const auto lib_trigger = pipeline({git_source("app", "acme/app"), git_source("lib", "acme/lib")},
                                    {trigger("lib", {tags(criteria({"v*"}))})});
  Revisions both = commit("a", "h1");
  both.push_back({"b", "COMMIT_ID", "h1"});
  const std::vector<TriggerCase> cases = {
      {"the triggering source uses the event commit and the other its branch head", app_lib,
       TriggerEvent::branch_push("acme/app", "main", "h1"), true,
       "source action \"app\": push filter 1 matches branch \"main\"", commit("app", "h1"),
       "WebhookV2"},
      {"a source without a trigger keeps default detection", app_lib,
       TriggerEvent::branch_push("acme/lib", "main", "h2"), true,
       "source action \"lib\": push to its branch \"main\" (default change detection)",
       commit("lib", "h2"), "Webhook"},
      {"two sources of one repository judge the same push on their own", same_repo,
       push("release/1", "h3"), true, "source action \"a\": push filter 1 matches",
       commit("a", "h3"), "WebhookV2"},
      {"the default detection of a sibling starts on its own branch", same_repo, push("main", "h4"),
       true, "source action \"b\": push to its branch \"main\"", commit("b", "h4"), "Webhook"},
      {"every matching source pins the event commit in one execution", both_default,
       push("main", "h1"), true, "source action \"a\": push to its branch \"main\"", both,
       "Webhook"},
      {"a refusal lists every source action of the repository",
       same_repo,
       push("dev"),
       false,
       "source action \"a\": no push filter of its trigger matches (push filter 1: branch \"dev\" "
       "matches none of the includes \"release/*\"); source action \"b\": branch \"dev\" is not "
       "its "
       "branch \"main\" (default change detection)",
       {},
       ""},
      {"a trigger may name the second source action", lib_trigger,
       TriggerEvent::tag_push("acme/lib", "v3", "t3"), true,
       "source action \"lib\": push filter 1 matches tag \"v3\"", commit("lib", "t3"), "WebhookV2"},
  };
  check(GENERATE_COPY(from_range(cases)));
}

TEST_CASE("trigger matching refuses deletions and foreign repositories") {
  const auto any_branch = src_with({branches(criteria({"**"})), tags(criteria({"**"}))});
  const std::vector<TriggerCase> cases = {
      {"deleting a branch never starts",
       any_branch,
       with(push("main", "0000000000000000000000000000000000000000"),
            [](auto& e) { e.deleted = true; }),
       false,
       "push deleting branch \"main\" of acme/demo starts nothing: deleting a branch never starts "
       "an "
       "execution",
       {},
       ""},
      {"deleting a tag never starts",
       any_branch,
       with(TriggerEvent::tag_push("acme/demo", "v1", ""), [](auto& e) { e.deleted = true; }),
       false,
       "deleting a tag never starts an execution",
       {},
       ""},
      {"a deletion of the default branch never starts default detection",
       pipeline({git_source("src")}),
       with(push("main"), [](auto& e) { e.deleted = true; }),
       false,
       "deleting a branch never starts an execution",
       {},
       ""},
      {"an event of another repository starts nothing",
       any_branch,
       TriggerEvent::branch_push("acme/other", "main", "h1"),
       false,
       "push to branch \"main\" of acme/other starts nothing: no Git source action uses repository "
       "acme/other",
       {},
       ""},
      {"repositories compare without case", any_branch,
       TriggerEvent::branch_push("ACME/Demo", "main", "h1"), true, "push filter 1 matches",
       commit("src", "h1"), "WebhookV2"},
      {"branch names compare with case",
       pipeline({git_source("src")}),
       push("Main"),
       false,
       "branch \"Main\" is not its branch \"main\"",
       {},
       ""},
      {"a source that is not Git is never matched",
       pipeline({s3_source("bucket")}),
       push("main"),
       false,
       "no Git source action uses repository acme/demo",
       {},
       ""},
      {"an event without a commit starts nothing",
       any_branch,
       push("main", ""),
       false,
       "the event names no commit",
       {},
       ""},
  };
  check(GENERATE_COPY(from_range(cases)));
}

TEST_CASE("a trigger match reports every source action of the repository") {
  const auto d = pipeline({git_source("a"), git_source("b"), git_source("c", "acme/other")},
                          {trigger("a", {branches(criteria({"main"}))})});
  const TriggerMatch m = match_triggers(d, push("main", "h1"));
  REQUIRE(m.start);
  REQUIRE(m.actions.size() == 2);
  CHECK(m.actions[0] ==
        SourceActionMatch{"a", true, true, "push filter 1 matches branch \"main\""});
  CHECK(m.actions[1] ==
        SourceActionMatch{"b", true, false,
                          "push to its branch \"main\" (default change detection)"});
  CHECK(m.trigger.triggerType == "WebhookV2");
  CHECK(m.reason ==
        "push to branch \"main\" of acme/demo starts an execution: source action \"a\": push "
        "filter 1 "
        "matches branch \"main\"; source action \"b\": push to its branch \"main\" (default change "
        "detection)");
}

TEST_CASE("a trigger detail names the connection or else the delivery") {
  const std::string arn = "arn:aws:codeconnections:us-east-1:123456789012:connection/abc";
  const auto with_arn = src_with({branches(criteria({"main"}))}, {}, {{"ConnectionArn", arn}});
  CHECK(match_triggers(with_arn, push("main")).trigger.triggerDetail == arn);

  TriggerEvent delivered = push("main");
  delivered.detail = "GitHub delivery 72d3162e";
  CHECK(match_triggers(src_with({branches(criteria({"main"}))}), delivered).trigger.triggerDetail ==
        "GitHub delivery 72d3162e");
  CHECK(match_triggers(pipeline({git_source("src")}), push("main")).trigger.triggerDetail ==
        "push to branch \"main\" of acme/demo");
}

TEST_CASE("a trigger match becomes a StartExecution from a Git trigger") {
  const auto d = src_with({branches(criteria({"main"}))});
  const StartExecution start = start_execution_for(d, match_triggers(d, push("main", "c0ffee")));
  CHECK(start.pipelineName == "P");
  CHECK(start.trigger.triggerType == "WebhookV2");
  CHECK(start.sourceRevisions == commit("src", "c0ffee"));
  CHECK(start.fromGitTrigger);
  CHECK(start.pipelineExecutionId.empty());
}

TEST_CASE("trigger events are described as a user reads them") {
  CHECK(describe_trigger_event(push("main")) == "push to branch \"main\" of acme/demo");
  CHECK(describe_trigger_event(TriggerEvent::tag_push("acme/demo", "v1", "t")) ==
        "push of tag \"v1\" to acme/demo");
  CHECK(describe_trigger_event(with(push("x"), [](auto& e) { e.created = true; })) ==
        "push creating branch \"x\" of acme/demo");
  CHECK(describe_trigger_event(with(pr(kClosed, "main"), [](auto& e) {
          e.pullRequestId = "12";
        })) == "pull request 12 (CLOSED) from \"feat\" into \"main\" of acme/demo");
}

TEST_CASE("changed files of a trigger event are sorted and deduplicated") {
  CHECK(canonical_changed_files({"b/x", "a", "B", "a"}) == Files{"B", "a", "b/x"});
}

}  // namespace
}  // namespace lockstep::engine

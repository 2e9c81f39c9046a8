// AWS/CodeDeploy run locally from appspec.yml: files land under the deployment group's root,
// hooks run in lifecycle order, and a failed deployment puts the previous revision back.
#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>

#include "deploy_harness.hpp"
#include "executors/local/codedeploy_executor.hpp"

using namespace lockstep;
using namespace lockstep::executors::local;
using namespace lockstep::executors::local::testing;
namespace fs = std::filesystem;

namespace {

const engine::Configuration kStaging = {{"ApplicationName", "web"},
                                        {"DeploymentGroupName", "staging"}};

// A hook that appends "<label> <event>" to the events file and then runs `then`.
std::string hook(const fs::path& events, const std::string& label, const std::string& then = "") {
  return "#!/bin/sh\necho \"" + label + " $LIFECYCLE_EVENT\" >> '" + events.string() + "'\n" +
         then + "\n";
}

const std::string kAllHooks = R"(hooks:
  ApplicationStop:
    - location: scripts/hook.sh
  BeforeInstall:
    - location: scripts/hook.sh
  AfterInstall:
    - location: scripts/hook.sh
  ApplicationStart:
    - location: scripts/hook.sh
  ValidateService:
    - location: scripts/hook.sh
)";

struct Fixture {
  DeployHarness h;
  fs::path root = h.dir / "staging";
  fs::path events = h.dir / "events.txt";
  CodeDeployExecutor executor{h.io.get_executor(), h.runner, h.workspace,
                              CodeDeployOptions{{{"staging", {root, {}}}},
                                                {{"PATH", "/usr/bin:/bin"}},
                                                std::chrono::milliseconds(500),
                                                5}};

  engine::ActionCompleted deploy(const engine::ArtifactInstance& revision) {
    last = h.action(kStaging, {revision});
    return h.run(executor, last);
  }
  engine::StartAction last;
};

}  // namespace

TEST_CASE("an appspec deployment copies files under the group root and runs hooks in order") {
  Fixture f;
  const auto v1 = f.h.revision(
      "v1", {{"appspec.yml",
              "version: 0.0\nos: linux\nfiles:\n  - source: site\n    destination: "
              "/var/www/app\n" +
                  kAllHooks},
             {"site/index.html", "v1 page"},
             {"site/css/main.css", "body {}"},
             {"scripts/hook.sh",
              hook(f.events, "v1",
                   "echo \"$APPLICATION_NAME $DEPLOYMENT_GROUP_NAME $DEPLOYMENT_ID\" > "
                   "\"$LOCKSTEP_DEPLOYMENT_ROOT/../env.txt\"")}});
  const auto first = f.deploy(v1);
  INFO(first.summary);
  REQUIRE(first.outcome == engine::ActionOutcome::Succeeded);
  CHECK(first.externalExecutionId.starts_with("d-"));
  CHECK(file_text(f.root / "var/www/app/index.html") == "v1 page");
  CHECK(file_text(f.root / "var/www/app/css/main.css") == "body {}");
  CHECK_FALSE(fs::exists(f.root / "var/www/app/site"));  // a folder source copies its contents
  // The first deployment to a root has no previous revision to stop.
  CHECK(file_text(f.events) ==
        "v1 BeforeInstall\nv1 AfterInstall\nv1 ApplicationStart\nv1 ValidateService\n");
  CHECK(file_text(f.h.dir / "env.txt") == "web staging " + first.externalExecutionId + "\n");
  const std::string log = f.h.log_of(f.last);
  CHECK_THAT(log, Catch::Contains("LifecycleEvent - BeforeInstall"));
  CHECK_THAT(log, Catch::Contains("LifecycleEvent - Install"));
  CHECK_THAT(log, Catch::Contains("LifecycleEvent - ValidateService"));

  fs::remove(f.events);
  const auto v2 =
      f.h.revision("v2", {{"appspec.yml",
                           "version: 0.0\nos: linux\nfiles:\n  - source: site\n    destination: "
                           "/var/www/app\n" +
                               kAllHooks},
                          {"site/index.html", "v2 page"},
                          {"scripts/hook.sh", hook(f.events, "v2")}});
  const auto second = f.deploy(v2);
  INFO(second.summary);
  REQUIRE(second.outcome == engine::ActionOutcome::Succeeded);
  // ApplicationStop runs the previous revision's script; the rest run the new one's.
  CHECK(file_text(f.events) ==
        "v1 ApplicationStop\nv2 BeforeInstall\nv2 AfterInstall\nv2 ApplicationStart\n"
        "v2 ValidateService\n");
  CHECK(file_text(f.root / "var/www/app/index.html") == "v2 page");
  // Files of the previous deployment that the new revision lacks are removed.
  CHECK_FALSE(fs::exists(f.root / "var/www/app/css/main.css"));
}

TEST_CASE("a failing ValidateService fails the deployment and restores the previous files") {
  Fixture f;
  const std::string files =
      "version: 0.0\nos: linux\nfiles:\n  - source: site\n    destination: /srv\n";
  const auto v1 = f.h.revision(
      "v1",
      {{"appspec.yml", files}, {"site/index.html", "v1 page"}, {"site/old.txt", "only in v1"}});
  REQUIRE(f.deploy(v1).outcome == engine::ActionOutcome::Succeeded);

  const auto v2 = f.h.revision(
      "v2",
      {{"appspec.yml", files + "hooks:\n  ValidateService:\n    - location: scripts/check.sh\n"
                               "    - location: scripts/after.sh\n"},
       {"site/index.html", "v2 page"},
       {"site/new.txt", "only in v2"},
       {"scripts/check.sh", hook(f.events, "v2", "exit 3")},
       {"scripts/after.sh", hook(f.events, "after")}});
  const auto failed = f.deploy(v2);
  INFO(failed.summary);
  CHECK(failed.outcome == engine::ActionOutcome::Failed);
  CHECK_THAT(failed.summary, Catch::Contains("scripts/check.sh failed with exit code 3"));
  CHECK_THAT(failed.summary, Catch::Contains("ValidateService"));
  REQUIRE(failed.errorDetails);
  // Nothing runs after the failed script, and the files are v1's again.
  CHECK(file_text(f.events) == "v2 ValidateService\n");
  CHECK(file_text(f.root / "srv/index.html") == "v1 page");
  CHECK(file_text(f.root / "srv/old.txt") == "only in v1");
  CHECK_FALSE(fs::exists(f.root / "srv/new.txt"));
  CHECK_THAT(f.h.log_of(f.last), Catch::Contains("Restored the files of the previous revision"));

  // The failed revision never became current: the next deployment replaces v1's files.
  const auto v3 = f.h.revision("v3", {{"appspec.yml", files}, {"site/index.html", "v3 page"}});
  const auto third = f.deploy(v3);
  INFO(third.summary);
  CHECK(third.outcome == engine::ActionOutcome::Succeeded);
  CHECK(file_text(f.root / "srv/index.html") == "v3 page");
  CHECK_FALSE(fs::exists(f.root / "srv/old.txt"));
}

TEST_CASE("a hook that outlives its timeout fails the deployment") {
  Fixture f;
  const auto v1 = f.h.revision("v1", {{"appspec.yml",
                                       "version: 0.0\nos: linux\nhooks:\n  ApplicationStart:\n"
                                       "    - location: scripts/start.sh\n      timeout: 1\n"},
                                      {"scripts/start.sh", hook(f.events, "v1", "exec sleep 30")}});
  const auto report = f.deploy(v1);
  INFO(report.summary);
  CHECK(report.outcome == engine::ActionOutcome::Failed);
  CHECK_THAT(report.summary, Catch::Contains("scripts/start.sh failed to complete in 1 seconds"));
  CHECK(file_text(f.events) == "v1 ApplicationStart\n");
}

TEST_CASE("a revision whose appspec has problems fails listing every problem with its line") {
  Fixture f;
  const auto v1 = f.h.revision(
      "v1", {{"appspec.yml",
              "version: 0.0\nos: solaris\nfiles:\n  - source: a\n    destination: relative\n"}});
  const auto report = f.deploy(v1);
  CHECK(report.outcome == engine::ActionOutcome::Failed);
  CHECK_THAT(report.summary, Catch::Contains("line 2: os must be linux or windows"));
  CHECK_THAT(report.summary, Catch::Contains("line 5: files[0].destination must be an absolute"));
  CHECK_FALSE(fs::exists(f.root / "relative"));
}

TEST_CASE("a destination reaching out of the root through a symbolic link is refused") {
  Fixture f;
  const fs::path outside = f.h.dir / "outside";
  fs::create_directories(outside);
  fs::create_directories(f.root);
  fs::create_directory_symlink(outside, f.root / "etc");
  const auto v1 = f.h.revision(
      "v1", {{"appspec.yml",
              "version: 0.0\nos: linux\nfiles:\n  - source: conf\n    destination: /etc/app\n"},
             {"conf/app.conf", "x"}});
  const auto report = f.deploy(v1);
  CHECK(report.outcome == engine::ActionOutcome::Failed);
  CHECK_THAT(report.summary, Catch::Contains("leads out of the deployment root"));
  CHECK_FALSE(fs::exists(outside / "app"));
}

TEST_CASE("file_exists_behavior decides what happens to a file nobody deployed") {
  Fixture f;
  fs::create_directories(f.root / "srv");
  f.h.dir.write("staging/srv/index.html", "hand made");
  const std::string files =
      "version: 0.0\nos: linux\nfiles:\n  - source: site\n    destination: /srv\n";

  const auto disallow = f.h.revision("d", {{"appspec.yml", files}, {"site/index.html", "new"}});
  const auto refused = f.deploy(disallow);
  CHECK(refused.outcome == engine::ActionOutcome::Failed);
  CHECK_THAT(refused.summary, Catch::Contains("already exists at this location: /srv/index.html"));
  CHECK(file_text(f.root / "srv/index.html") == "hand made");

  const auto retain = f.h.revision(
      "r", {{"appspec.yml", files + "file_exists_behavior: RETAIN\n"}, {"site/index.html", "new"}});
  CHECK(f.deploy(retain).outcome == engine::ActionOutcome::Succeeded);
  CHECK(file_text(f.root / "srv/index.html") == "hand made");

  const auto overwrite = f.h.revision(
      "o",
      {{"appspec.yml", files + "file_exists_behavior: OVERWRITE\n"}, {"site/index.html", "new"}});
  CHECK(f.deploy(overwrite).outcome == engine::ActionOutcome::Succeeded);
  CHECK(file_text(f.root / "srv/index.html") == "new");
}

TEST_CASE("a deployment group the server does not know fails naming the setting") {
  Fixture f;
  const auto v1 = f.h.revision("v1", {{"appspec.yml", "version: 0.0\nos: linux\n"}});
  const auto report = f.h.run(
      f.executor,
      f.h.action({{"ApplicationName", "web"}, {"DeploymentGroupName", "production"}}, {v1}));
  CHECK(report.outcome == engine::ActionOutcome::Failed);
  CHECK_THAT(report.summary, Catch::Contains("deploy.groups.production.root"));
}

TEST_CASE("stopping a deployment ends its running hook and restores the previous files") {
  Fixture f;
  const std::string files =
      "version: 0.0\nos: linux\nfiles:\n  - source: site\n    destination: /srv\n";
  REQUIRE(f.deploy(f.h.revision("v1", {{"appspec.yml", files}, {"site/index.html", "v1 page"}}))
              .outcome == engine::ActionOutcome::Succeeded);

  const auto v2 = f.h.revision(
      "v2",
      {{"appspec.yml", files + "hooks:\n  ApplicationStart:\n    - location: scripts/start.sh\n"
                               "  ValidateService:\n    - location: scripts/check.sh\n"},
       {"site/index.html", "v2 page"},
       {"scripts/start.sh", "#!/bin/sh\necho hook is running\nexec sleep 30\n"},
       {"scripts/check.sh", hook(f.events, "v2")}});
  const auto start = f.h.action(kStaging, {v2});
  std::optional<engine::ActionCompleted> report;
  f.executor.start(start, [&](engine::ActionCompleted c) { report = std::move(c); });
  // The hook's output reaching the log is the sign that it runs.
  const auto log = f.h.workspace.log_file(start.pipelineExecutionId, start.actionExecutionId);
  f.h.io.restart();
  while (!report && file_text(log).find("hook is running") == std::string::npos) {
    REQUIRE(f.h.io.run_one_for(std::chrono::seconds(30)) > 0);
  }
  CHECK(file_text(f.root / "srv/index.html") == "v2 page");
  f.executor.cancel({start.actionExecutionId, start.pipelineExecutionId, "abandoned"});
  f.h.io.run_for(std::chrono::seconds(30));
  REQUIRE(report);
  CHECK(report->outcome == engine::ActionOutcome::Failed);
  CHECK_THAT(report->summary, Catch::Contains("stopped"));
  CHECK(file_text(f.root / "srv/index.html") == "v1 page");
  CHECK_FALSE(fs::exists(f.events));  // ValidateService never ran
}

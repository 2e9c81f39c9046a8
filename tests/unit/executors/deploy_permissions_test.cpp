// appspec permissions and hook runas on a real deployment root: modes, owners and groups checked
// on the installed files, and hooks run as the user they name when the server is root.
#include <catch2/catch.hpp>

#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
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

struct Fixture {
  DeployHarness h;
  fs::path root = h.dir / "staging";
  CodeDeployExecutor executor{h.io.get_executor(), h.runner, h.workspace,
                              CodeDeployOptions{{{"staging", {root, {}}}},
                                                {{"PATH", "/usr/bin:/bin"}},
                                                std::chrono::milliseconds(500),
                                                5}};
  Fixture() {
    // Other users (the hooks' runas) must reach the revision and the deployment root.
    fs::permissions(h.dir.path(), fs::perms::owner_all | fs::perms::group_read |
                                      fs::perms::group_exec | fs::perms::others_read |
                                      fs::perms::others_exec);
  }

  engine::ActionCompleted deploy(const engine::ArtifactInstance& revision) {
    last = h.action(kStaging, {revision});
    return h.run(executor, last);
  }
  engine::StartAction last;
};

struct stat status_of(const fs::path& path) {
  struct stat info {};
  REQUIRE(::lstat(path.c_str(), &info) == 0);
  return info;
}

unsigned mode_of(const fs::path& path) {
  return status_of(path).st_mode & 07777;
}

std::string owner_of(const fs::path& path) {
  const passwd* entry = ::getpwuid(status_of(path).st_uid);
  return entry != nullptr ? entry->pw_name : "";
}

std::string group_of(const fs::path& path) {
  const group* entry = ::getgrgid(status_of(path).st_gid);
  return entry != nullptr ? entry->gr_name : "";
}

const std::string kFiles = R"(version: 0.0
os: linux
files:
  - source: site
    destination: /var/www/app
)";

}  // namespace

TEST_CASE("appspec permissions set the mode owner and group of the files they select") {
  Fixture f;
  const auto revision = f.h.revision("v1", {{"appspec.yml", kFiles + R"(permissions:
  - object: /var/www/app
    pattern: "*.sh"
    except: [keep.sh]
    mode: 750
    owner: daemon
    group: daemon
    type:
      - file
  - object: /var/www/app
    except: [private]
    mode: "0711"
    type: [directory]
  - object: /var/www/app/conf/secret.txt
    mode: "0600"
    owner: nobody
)"},
                                            {"site/run.sh", "#!/bin/sh\n"},
                                            {"site/keep.sh", "#!/bin/sh\n"},
                                            {"site/index.html", "page"},
                                            {"site/lib/deep.sh", "#!/bin/sh\n"},
                                            {"site/conf/secret.txt", "s3cret"},
                                            {"site/private/p.txt", "p"}});
  const auto done = f.deploy(revision);
  INFO(done.summary);
  INFO(f.h.log_of(f.last));
  if (::geteuid() != 0) {
    CHECK(done.outcome == engine::ActionOutcome::Failed);
    CHECK_THAT(done.summary, Catch::Contains("needs the server to run as root"));
    return;
  }
  REQUIRE(done.outcome == engine::ActionOutcome::Succeeded);
  const fs::path app = f.root / "var/www/app";
  // type file: the matching files directly inside the object, not the except, not deeper ones.
  CHECK(mode_of(app / "run.sh") == 0750);
  CHECK(owner_of(app / "run.sh") == "daemon");
  CHECK(group_of(app / "run.sh") == "daemon");
  CHECK(owner_of(app / "keep.sh") == "root");
  CHECK(mode_of(app / "lib/deep.sh") != 0750);
  CHECK(owner_of(app / "index.html") == "root");
  // type directory: every folder below the object but not the object itself.
  CHECK(mode_of(app / "lib") == 0711);
  CHECK(mode_of(app / "conf") == 0711);
  CHECK(mode_of(app / "private") == 0755);
  CHECK(mode_of(app) == 0755);
  // An object that is a file gets the permissions itself; an unset group stays as it was.
  CHECK(mode_of(app / "conf/secret.txt") == 0600);
  CHECK(owner_of(app / "conf/secret.txt") == "nobody");
  CHECK(group_of(app / "conf/secret.txt") == "root");
}

TEST_CASE("a permissions object the install did not create fails and restores the previous files") {
  Fixture f;
  const auto v1 = f.h.revision("v1", {{"appspec.yml", kFiles}, {"site/index.html", "v1"}});
  REQUIRE(f.deploy(v1).outcome == engine::ActionOutcome::Succeeded);
  const auto v2 = f.h.revision("v2", {{"appspec.yml", kFiles + R"(permissions:
  - object: /var/www/other
    mode: 700
)"},
                                      {"site/index.html", "v2"}});
  const auto done = f.deploy(v2);
  CHECK(done.outcome == engine::ActionOutcome::Failed);
  CHECK_THAT(done.summary,
             Catch::Contains("appspec.yml permissions[0] (line 7): the object /var/www/other "
                             "does not exist after the install"));
  CHECK(file_text(f.root / "var/www/app/index.html") == "v1");
}

TEST_CASE("permissions with acls or an unknown owner fail before any file is installed") {
  Fixture f;
  const auto acls = f.h.revision("acls", {{"appspec.yml", kFiles + R"(permissions:
  - object: /var/www/app
    acls:
      - u:bob:rw
)"},
                                          {"site/index.html", "page"}});
  const auto refused = f.deploy(acls);
  CHECK(refused.outcome == engine::ActionOutcome::Failed);
  CHECK_THAT(refused.summary,
             Catch::Contains("permissions[0] (line 7) sets acls, which the local deployer does "
                             "not apply"));
  CHECK_FALSE(fs::exists(f.root / "var/www/app/index.html"));

  if (::geteuid() != 0) return;  // a non-root server refuses any owner first (case above)
  const auto unknown = f.h.revision("unknown", {{"appspec.yml", kFiles + R"(permissions:
  - object: /var/www/app
    owner: no-such-user-here
)"},
                                                {"site/index.html", "page"}});
  const auto failed = f.deploy(unknown);
  CHECK(failed.outcome == engine::ActionOutcome::Failed);
  CHECK_THAT(failed.summary, Catch::Contains("names the owner no-such-user-here, which is not a "
                                             "user on this server"));
  CHECK_FALSE(fs::exists(f.root / "var/www/app/index.html"));
}

TEST_CASE("a hook with runas runs as that user when the server runs as root") {
  Fixture f;
  const fs::path shared = f.h.dir / "shared";
  fs::create_directories(shared);
  fs::permissions(shared, fs::perms::all);
  const auto revision = f.h.revision(
      "v1", {{"appspec.yml", kFiles + R"(hooks:
  AfterInstall:
    - location: scripts/who.sh
      runas: nobody
  ApplicationStart:
    - location: scripts/who.sh
)"},
             {"site/index.html", "page"},
             {"scripts/who.sh", "#!/bin/sh\necho \"$LIFECYCLE_EVENT $(id -un) $HOME\" >> '" +
                                    (shared / "who.txt").string() + "'\n"}});
  fs::permissions(f.h.dir / "revisions/v1/scripts/who.sh",
                  fs::perms::others_read | fs::perms::others_exec | fs::perms::group_read |
                      fs::perms::group_exec,
                  fs::perm_options::add);
  const auto done = f.deploy(revision);
  INFO(done.summary);
  INFO(f.h.log_of(f.last));
  if (::geteuid() != 0) {
    CHECK(done.outcome == engine::ActionOutcome::Failed);
    CHECK_THAT(done.summary, Catch::Contains("only a server running as root can run hooks as "
                                             "another user"));
    return;
  }
  REQUIRE(done.outcome == engine::ActionOutcome::Succeeded);
  const passwd* nobody = ::getpwnam("nobody");
  REQUIRE(nobody != nullptr);
  CHECK(file_text(shared / "who.txt") ==
        "AfterInstall nobody " + std::string(nobody->pw_dir) + "\nApplicationStart root \n");
}

TEST_CASE("a hook whose runas names no user fails the deployment before it starts") {
  Fixture f;
  const auto revision = f.h.revision("v1", {{"appspec.yml", kFiles + R"(hooks:
  BeforeInstall:
    - location: scripts/hook.sh
      runas: no-such-user-here
)"},
                                            {"site/index.html", "page"},
                                            {"scripts/hook.sh", "#!/bin/sh\n"}});
  const auto done = f.deploy(revision);
  CHECK(done.outcome == engine::ActionOutcome::Failed);
  CHECK_THAT(done.summary,
             Catch::Contains(::geteuid() == 0
                                 ? "asks to run as no-such-user-here, which is not a user on "
                                   "this server"
                                 : "only a server running as root can run hooks as another user"));
  CHECK_FALSE(fs::exists(f.root / "var/www/app/index.html"));
}

// Parsing appspec.yml: the EC2/On-Premises structure, and every problem reported with its line.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include "executors/local/appspec.hpp"

using namespace lockstep::executors::local;

namespace {

bool has_problem(const AppSpecParse& parsed, int line, const std::string& path) {
  return std::any_of(parsed.problems.begin(), parsed.problems.end(), [&](const auto& problem) {
    return problem.line == line && problem.path == path;
  });
}

}  // namespace

TEST_CASE("a complete appspec is read with its files and hooks in order") {
  const AppSpecParse parsed = parse_appspec(R"(version: 0.0
os: linux
files:
  - source: /
    destination: /var/www/app
  - source: config/app.conf
    destination: /etc/app/
file_exists_behavior: OVERWRITE
hooks:
  BeforeInstall:
    - location: scripts/prepare.sh
      timeout: 300
    - location: ./scripts/../scripts/second.sh
  ValidateService:
    - location: scripts/check.sh
)");
  for (const auto& problem : parsed.problems) UNSCOPED_INFO(problem.line << " " << problem.path);
  REQUIRE(parsed.ok());
  const AppSpec& spec = parsed.appspec;
  REQUIRE(spec.files.size() == 2);
  CHECK(spec.files[0].source.empty());  // the whole revision
  CHECK(spec.files[0].destination == "/var/www/app");
  CHECK(spec.files[1].source == "config/app.conf");
  CHECK(spec.files[1].destination == "/etc/app");
  CHECK(spec.file_exists_behavior == FileExistsBehavior::Overwrite);
  const auto& before = spec.scripts("BeforeInstall");
  REQUIRE(before.size() == 2);
  CHECK(before[0].location == "scripts/prepare.sh");
  CHECK(before[0].timeout == std::chrono::seconds(300));
  CHECK(before[1].location == "scripts/second.sh");
  CHECK(before[1].timeout == std::chrono::seconds(3600));
  CHECK(spec.scripts("ValidateService").size() == 1);
  CHECK(spec.scripts("AfterInstall").empty());
}

TEST_CASE("file_exists_behavior defaults to DISALLOW") {
  const AppSpecParse parsed = parse_appspec("version: 0.0\nos: linux\n");
  REQUIRE(parsed.ok());
  CHECK(parsed.appspec.file_exists_behavior == FileExistsBehavior::Disallow);
}

TEST_CASE("an appspec with several problems reports each with its line") {
  const AppSpecParse parsed = parse_appspec(R"(version: 1.0
os: linux
files:
  - source: app
  - source: ../outside
    destination: /srv
file_exists_behavior: SOMETIMES
hooks:
  BeforeInstall:
    - location: a.sh
      timeout: 3000
    - location: b.sh
      timeout: 3000
  AfterDeploy:
    - location: c.sh
  ApplicationStart:
    - timeout: ten
colour: blue
)");
  for (const auto& problem : parsed.problems) {
    UNSCOPED_INFO(problem.line << " " << problem.path << " " << problem.message);
  }
  CHECK(has_problem(parsed, 1, "version"));
  CHECK(has_problem(parsed, 4, "files[0].destination"));
  CHECK(has_problem(parsed, 5, "files[1].source"));
  CHECK(has_problem(parsed, 7, "file_exists_behavior"));
  CHECK(has_problem(parsed, 9, "hooks.BeforeInstall"));  // 6000 seconds in one event
  CHECK(has_problem(parsed, 14, "hooks.AfterDeploy"));
  CHECK(has_problem(parsed, 17, "hooks.ApplicationStart[0].location"));
  CHECK(has_problem(parsed, 17, "hooks.ApplicationStart[0].timeout"));
  CHECK(has_problem(parsed, 18, "colour"));
  CHECK(parsed.problems.size() == 9);
  const std::string text = describe_problems(parsed.problems);
  CHECK_THAT(text,
             Catch::Contains("line 7: file_exists_behavior must be DISALLOW, OVERWRITE or RETAIN"));
}

TEST_CASE("a destination or script that climbs out with dot dot is refused") {
  const AppSpecParse parsed = parse_appspec(R"(version: 0.0
os: linux
files:
  - source: app
    destination: /var/../../etc
hooks:
  AfterInstall:
    - location: ../../bin/evil.sh
)");
  CHECK(has_problem(parsed, 5, "files[0].destination"));
  CHECK(has_problem(parsed, 8, "hooks.AfterInstall[0].location"));
  CHECK(parsed.appspec.files.empty());
}

TEST_CASE("text that is not YAML is one problem with its line") {
  const AppSpecParse parsed = parse_appspec("version: 0.0\nos: [linux\n");
  REQUIRE(parsed.problems.size() == 1);
  CHECK(parsed.problems[0].line > 0);
  CHECK_THAT(parsed.problems[0].message, Catch::Contains("not valid YAML"));
}

TEST_CASE("permissions entries are read with their defaults and their problems have lines") {
  const AppSpecParse good = parse_appspec(R"(version: 0.0
os: linux
permissions:
  - object: /var/www//app/
    pattern: "*.sh"
    except: [keep.sh]
    owner: daemon
    group: daemon
    mode: "0750"
    type:
      - file
  - object: /var/www/app/conf
    mode: 644
)");
  REQUIRE(good.ok());
  REQUIRE(good.appspec.permissions.size() == 2);
  const AppSpecPermission& first = good.appspec.permissions[0];
  CHECK(first.object == "/var/www/app");
  CHECK(first.pattern == "*.sh");
  CHECK(first.except == std::vector<std::string>{"keep.sh"});
  CHECK(first.owner == "daemon");
  CHECK(first.mode == 0750u);
  CHECK(first.files);
  CHECK_FALSE(first.directories);
  const AppSpecPermission& second = good.appspec.permissions[1];
  CHECK(second.pattern == "**");
  CHECK(second.mode == 0644u);
  CHECK(second.files);
  CHECK(second.directories);

  const AppSpecParse bad = parse_appspec(R"(version: 0.0
os: linux
permissions:
  - pattern: "*"
  - object: relative/path
    mode: u+x
    type: [socket]
    colour: blue
)");
  for (const auto& problem : bad.problems) {
    UNSCOPED_INFO(problem.line << " " << problem.path << " " << problem.message);
  }
  CHECK(has_problem(bad, 4, "permissions[0].object"));
  CHECK(has_problem(bad, 5, "permissions[1].object"));
  CHECK(has_problem(bad, 6, "permissions[1].mode"));
  CHECK(has_problem(bad, 7, "permissions[1].type"));
  CHECK(has_problem(bad, 8, "permissions[1].colour"));
  CHECK(bad.problems.size() == 5);
}

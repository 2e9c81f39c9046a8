// The codebuild and secrets sections of lockstep.yaml: per-project buildspecs and variables, and
// secrets given inline or read from the environment, with every problem on its line.
#include <catch2/catch.hpp>

#include <algorithm>

#include "config/server_config.hpp"
#include "tests/support/temp_dir.hpp"

using lockstep::config::load_config;
using lockstep::testing::TempDir;

namespace {

bool has_problem(const lockstep::config::LoadedConfig& loaded, int line, const std::string& key,
                 const std::string& words) {
  return std::any_of(loaded.problems.begin(), loaded.problems.end(), [&](const auto& problem) {
    return problem.line == line && problem.key == key &&
           problem.message.find(words) != std::string::npos;
  });
}

}  // namespace

TEST_CASE("codebuild projects and secrets are read from the file", "[config]") {
  TempDir dir;
  const auto file = dir.write("lockstep.yaml", R"(codebuild:
  projects:
    web-app:
      buildspec: ci/buildspec.yml
      environment_variables:
        NODE_ENV: production
    api:
      buildspec: /srv/specs/api.yml
secrets:
  /ci/token: {env: CI_TOKEN}
  plain: inline-value
)");
  const auto loaded = load_config(file.string(), {{"CI_TOKEN", "from-env"}});
  for (const auto& p : loaded.problems) UNSCOPED_INFO(p.line << " " << p.key << ": " << p.message);
  REQUIRE(loaded.ok());
  const auto& projects = loaded.config.codebuild_projects;
  REQUIRE(projects.size() == 2);
  CHECK(projects.at("web-app").buildspec == "ci/buildspec.yml");
  CHECK(projects.at("web-app").environment_variables ==
        std::map<std::string, std::string>{{"NODE_ENV", "production"}});
  CHECK(projects.at("api").buildspec == "/srv/specs/api.yml");
  CHECK(loaded.config.secrets.at("/ci/token").value == "from-env");
  CHECK(loaded.config.secrets.at("plain").value == "inline-value");
}

TEST_CASE("every problem in the codebuild and secrets sections is reported on its line",
          "[config]") {
  TempDir dir;
  const auto file = dir.write("lockstep.yaml", R"(codebuild:
  projects:
    -bad:
      buildspec: ../outside.yml
      environment_variables:
        CODEBUILD_X: y
      colour: red
  extra: 1
secrets:
  from-env: {env: NOT_SET_ANYWHERE}
  listed: [a, b]
)");
  const auto loaded = load_config(file.string(), {});
  CHECK(has_problem(loaded, 3, "codebuild.projects.-bad", "project name"));
  CHECK(has_problem(loaded, 4, "codebuild.projects.-bad.buildspec", "inside the primary source"));
  CHECK(has_problem(loaded, 6, "codebuild.projects.-bad.environment_variables.CODEBUILD_X",
                    "reserved"));
  CHECK(has_problem(loaded, 7, "codebuild.projects.-bad.colour", "not a project setting"));
  CHECK(has_problem(loaded, 8, "codebuild.extra", "expected projects"));
  CHECK(has_problem(loaded, 10, "secrets.from-env", "NOT_SET_ANYWHERE, which is not set"));
  CHECK(has_problem(loaded, 11, "secrets.listed", "a string or {env"));
  CHECK(loaded.problems.size() == 7);
}

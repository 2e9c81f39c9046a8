// The deploy section of lockstep.yaml: deployment groups and buckets mapped to folders, with
// every problem reported with its line and key.
#include <catch2/catch.hpp>

#include <algorithm>

#include "config/server_config.hpp"
#include "tests/support/temp_dir.hpp"

using lockstep::config::load_config;
using lockstep::testing::TempDir;

namespace {

bool has_problem(const lockstep::config::LoadedConfig& loaded, int line, const std::string& key) {
  return std::any_of(loaded.problems.begin(), loaded.problems.end(),
                     [&](const auto& p) { return p.line == line && p.key == key; });
}

}  // namespace

TEST_CASE("deployment groups and buckets map to folders with relative roots next to the file",
          "[config]") {
  TempDir dir;
  const auto file = dir.write("lockstep.yaml", R"(deploy:
  groups:
    staging:
      root: deployments/staging
      applications:
        web-app:
          root: /srv/web
    production:
      root: /srv/production
  buckets:
    my-site:
      root: /srv/www
)");
  const auto loaded = load_config(file.string(), {});
  for (const auto& p : loaded.problems) UNSCOPED_INFO(p.line << " " << p.key << " " << p.message);
  REQUIRE(loaded.ok());
  const auto& deploy = loaded.config.deploy;
  REQUIRE(deploy.groups.size() == 2);
  CHECK(deploy.groups.at("staging").root == (dir.path() / "deployments/staging").string());
  CHECK(deploy.groups.at("staging").application_roots.at("web-app") == "/srv/web");
  CHECK(deploy.groups.at("production").root == "/srv/production");
  CHECK(deploy.bucket_roots.at("my-site") == "/srv/www");
}

TEST_CASE("a deploy section with several mistakes reports each with its line", "[config]") {
  TempDir dir;
  const auto file = dir.write("lockstep.yaml", R"(deploy:
  groups:
    staging:
      applications:
        web-app: {}
    "bad name!":
      root: /srv/x
    production:
      root: ""
      colour: red
  buckets:
    Upper_Case:
      root: /srv/y
  queues: {}
)");
  const auto loaded = load_config(file.string(), {});
  for (const auto& p : loaded.problems) UNSCOPED_INFO(p.line << " " << p.key << " " << p.message);
  CHECK(has_problem(loaded, 4, "deploy.groups.staging.root"));  // missing root, at the group
  CHECK(has_problem(loaded, 5, "deploy.groups.staging.applications.web-app.root"));
  CHECK(has_problem(loaded, 6, "deploy.groups.bad name!"));
  CHECK(has_problem(loaded, 9, "deploy.groups.production.root"));
  CHECK(has_problem(loaded, 10, "deploy.groups.production.colour"));
  CHECK(has_problem(loaded, 12, "deploy.buckets.Upper_Case"));
  CHECK(has_problem(loaded, 14, "deploy.queues"));
  CHECK(loaded.problems.size() == 7);
}

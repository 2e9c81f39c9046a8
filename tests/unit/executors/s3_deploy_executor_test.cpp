// AWS/S3 deploys run locally: a bucket is a folder; Extract copies the artifact's files under
// ObjectKey, otherwise the artifact is written there as a zip file.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <string>

#include "deploy_harness.hpp"
#include "executors/local/s3_deploy_executor.hpp"
#include "tests/support/process.hpp"

using namespace lockstep;
using namespace lockstep::executors::local;
using namespace lockstep::executors::local::testing;
namespace fs = std::filesystem;

TEST_CASE("an S3 deploy with Extract copies the artifact's files under the object key") {
  DeployHarness h;
  const fs::path bucket = h.dir / "website";
  S3DeployExecutor executor(h.io.get_executor(), h.workspace, {{{"my-site", bucket}}});
  const auto artifact =
      h.revision("site", {{"index.html", "home"}, {"assets/app.js", "console.log(1)"}});
  const auto report =
      h.run(executor,
            h.action({{"BucketName", "my-site"}, {"Extract", "true"}, {"ObjectKey", "release/v1"}},
                     {artifact}));
  INFO(report.summary);
  REQUIRE(report.outcome == engine::ActionOutcome::Succeeded);
  CHECK(file_text(bucket / "release/v1/index.html") == "home");
  CHECK(file_text(bucket / "release/v1/assets/app.js") == "console.log(1)");
  CHECK_THAT(report.summary, Catch::Contains("s3://my-site/release/v1"));
}

TEST_CASE("an S3 deploy without Extract writes a zip of the artifact as the object key") {
  DeployHarness h;
  S3DeployExecutor executor(h.io.get_executor(), h.workspace, {});
  const auto artifact =
      h.revision("site", {{"index.html", "home"}, {"scripts/run.sh", "#!/bin/sh\necho hi\n"}});
  const auto report = h.run(
      executor,
      h.action({{"BucketName", "builds.example"}, {"Extract", "false"}, {"ObjectKey", "app.zip"}},
               {artifact}));
  INFO(report.summary);
  REQUIRE(report.outcome == engine::ActionOutcome::Succeeded);
  // A bucket with no configured root lives in the data directory.
  const fs::path zip = h.workspace.data_dir() / "s3/builds.example/app.zip";
  REQUIRE(fs::is_regular_file(zip));

  const auto listing = lockstep::testing::run_process({"/usr/bin/unzip", "-Z1", zip.string()});
  REQUIRE(listing.status == 0);
  auto entries = lockstep::testing::lines_of(listing.out);
  std::sort(entries.begin(), entries.end());
  CHECK(entries == std::vector<std::string>{"index.html", "scripts/", "scripts/run.sh"});
  const auto content =
      lockstep::testing::run_process({"/usr/bin/unzip", "-p", zip.string(), "index.html"});
  CHECK(content.out == "home");
  // Scripts stay executable when the zip is unpacked.
  const auto modes = lockstep::testing::run_process({"/usr/bin/unzip", "-Z", zip.string()});
  bool listed = false;
  for (const std::string& line : lockstep::testing::lines_of(modes.out)) {
    if (!line.ends_with("scripts/run.sh")) continue;
    listed = true;
    CHECK(line.starts_with("-rwx"));
  }
  CHECK(listed);
}

TEST_CASE("an S3 deploy refuses an object key or bucket name that leaves the bucket") {
  DeployHarness h;
  S3DeployExecutor executor(h.io.get_executor(), h.workspace, {});
  const auto artifact = h.revision("site", {{"index.html", "home"}});
  const auto climbing = h.run(
      executor, h.action({{"BucketName", "my-site"}, {"Extract", "true"}, {"ObjectKey", "../../x"}},
                         {artifact}));
  CHECK(climbing.outcome == engine::ActionOutcome::Failed);
  CHECK_THAT(climbing.summary, Catch::Contains("climbs out of the bucket"));
  const auto bad_bucket =
      h.run(executor, h.action({{"BucketName", ".."}, {"Extract", "true"}}, {artifact}));
  CHECK(bad_bucket.outcome == engine::ActionOutcome::Failed);
  CHECK_THAT(bad_bucket.summary, Catch::Contains("not a valid bucket name"));
  CHECK_FALSE(fs::exists(h.dir / "x"));
  const auto no_key =
      h.run(executor, h.action({{"BucketName", "my-site"}, {"Extract", "false"}}, {artifact}));
  CHECK(no_key.outcome == engine::ActionOutcome::Failed);
  CHECK_THAT(no_key.summary, Catch::Contains("ObjectKey is required when Extract is false"));
}

TEST_CASE("an S3 source action routed to the S3 deploy executor fails saying so") {
  DeployHarness h;
  S3DeployExecutor executor(h.io.get_executor(), h.workspace, {});
  auto start = h.action({{"S3Bucket", "my-site"}, {"S3ObjectKey", "app.zip"}}, {});
  start.action.actionTypeId = {engine::ActionCategory::Source, engine::ActionOwner::AWS, "S3", "1"};
  const auto report = h.run(executor, start);
  CHECK(report.outcome == engine::ActionOutcome::Failed);
  CHECK_THAT(report.summary, Catch::Contains("deploy actions only"));
}

// Routing actions to executors by action type: unknown types fail with a sentence, approvals
// wait for a person, cancels reach the executor that has the attempt.
#include <catch2/catch.hpp>

#include <optional>

#include "executors/executor_router.hpp"
#include "tests/support/fake_executor.hpp"

namespace lockstep::executors {
namespace {

engine::StartAction start_of(engine::ActionCategory category, engine::ActionOwner owner,
                             const std::string& provider, const std::string& id) {
  engine::StartAction s;
  s.actionExecutionId = id;
  s.pipelineName = "P";
  s.pipelineExecutionId = "E1";
  s.stageName = "Build";
  s.action.name = "build";
  s.action.actionTypeId = {category, owner, provider, "1"};
  return s;
}

TEST_CASE("an action type no executor serves fails at once naming the type") {
  ExecutorRouter router;
  std::optional<engine::ActionCompleted> report;
  router.start(start_of(engine::ActionCategory::Build, engine::ActionOwner::AWS, "CodeBuild", "a1"),
               [&](engine::ActionCompleted c) { report = std::move(c); });
  REQUIRE(report);
  CHECK(report->outcome == engine::ActionOutcome::Failed);
  CHECK(report->actionExecutionId == "a1");
  CHECK_THAT(report->summary, Catch::Contains("No executor on this server runs AWS/CodeBuild"));
  CHECK_FALSE(router.resumes(
      start_of(engine::ActionCategory::Build, engine::ActionOwner::AWS, "CodeBuild", "a1")));
}

TEST_CASE("a manual approval with no approval executor waits for PutApprovalResult") {
  ExecutorRouter router;
  bool reported = false;
  const auto approval =
      start_of(engine::ActionCategory::Approval, engine::ActionOwner::AWS, "Manual", "ap");
  router.start(approval, [&](engine::ActionCompleted) { reported = true; });
  CHECK_FALSE(reported);
  CHECK(router.resumes(approval));  // a person answers it after a restart too
}

TEST_CASE("a routed action reaches its executor and so does its cancel") {
  ExecutorRouter router;
  testing::FakeExecutor build;
  testing::FakeExecutor other;
  router.route(engine::ActionOwner::AWS, "CodeBuild", build);
  router.route(engine::ActionOwner::Custom, "Webhook", other);
  std::optional<engine::ActionCompleted> report;
  router.start(start_of(engine::ActionCategory::Build, engine::ActionOwner::AWS, "CodeBuild", "a1"),
               [&](engine::ActionCompleted c) { report = std::move(c); });
  REQUIRE(build.started().size() == 1);
  CHECK(other.started().empty());
  router.cancel({"a1", "E1", "abandoned"});
  REQUIRE(build.cancelled().size() == 1);
  CHECK(build.cancelled()[0].actionExecutionId == "a1");
  CHECK(other.cancelled().empty());
  CHECK_FALSE(report);
}

TEST_CASE("a completion passes through the router unchanged") {
  ExecutorRouter router;
  testing::FakeExecutor build;
  router.route(engine::ActionOwner::AWS, "CodeBuild", build);
  std::optional<engine::ActionCompleted> report;
  router.start(start_of(engine::ActionCategory::Build, engine::ActionOwner::AWS, "CodeBuild", "a1"),
               [&](engine::ActionCompleted c) { report = std::move(c); });
  REQUIRE(build.complete("build", engine::ActionOutcome::Succeeded, "built"));
  REQUIRE(report);
  CHECK(report->summary == "built");
  CHECK(report->outcome == engine::ActionOutcome::Succeeded);
  router.cancel({"a1", "E1", "too late"});  // the attempt has ended: nothing to cancel
  CHECK(build.cancelled().empty());
}

}  // namespace
}  // namespace lockstep::executors

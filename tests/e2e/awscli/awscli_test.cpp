// The AWS CLI (awscli 1.x with a botocore that knows V2 pipelines) drives every operation of the
// CodePipeline API against a server in this process; the FakeExecutor decides how actions end.
#include "tests/e2e/awscli/aws_cli.hpp"
#include "tests/support/server/demo_pipeline.hpp"

namespace {

using lockstep::engine::ActionOutcome;
using lockstep::testing::AwsCli;
using lockstep::testing::latest_status;
using lockstep::testing::stage;
using nlohmann::json;

std::string create(AwsCli& cli, const std::string& name) {
  const auto file = cli.server.dir_.write(
      name + ".json", json{{"pipeline", lockstep::testing::demo_pipeline(name)}}.dump(2));
  const json created = cli.ok({"create-pipeline", "--cli-input-json", "file://" + file.string()});
  REQUIRE(created["pipeline"]["name"] == name);
  return file.string();
}

// The id of the execution latest in `stage_name`.
std::string latest_id(const json& state, const std::string& stage_name) {
  return stage(state, stage_name)["latestExecution"]["pipelineExecutionId"];
}

}  // namespace

TEST_CASE("the AWS CLI creates gets lists updates and deletes a pipeline") {
  AwsCli cli;
  create(cli, "cli-demo");
  const json got = cli.ok({"get-pipeline", "--name", "cli-demo"});
  CHECK(got["pipeline"]["version"] == 1);
  CHECK(got["pipeline"]["stages"].size() == 3);
  CHECK(got["pipeline"]["executionMode"] == "SUPERSEDED");
  CHECK(got["metadata"]["pipelineArn"] == "arn:aws:codepipeline:us-east-1:123456789012:cli-demo");

  const json listed = cli.ok({"list-pipelines"});
  REQUIRE(listed["pipelines"].size() == 1);
  CHECK(listed["pipelines"][0]["name"] == "cli-demo");

  json changed = lockstep::testing::demo_pipeline("cli-demo", "demo-v2");
  const auto file = cli.server.dir_.write("update.json", json{{"pipeline", changed}}.dump());
  const json updated = cli.ok({"update-pipeline", "--cli-input-json", "file://" + file.string()});
  CHECK(updated["pipeline"]["version"] == 2);
  const json first = cli.ok({"get-pipeline", "--name", "cli-demo", "--pipeline-version", "1"});
  CHECK(first["pipeline"]["stages"][1]["actions"][0]["configuration"]["ProjectName"] == "demo");
  CHECK(cli.error({"get-pipeline", "--name", "cli-demo", "--pipeline-version", "7"})
            .find("(PipelineVersionNotFoundException)") != std::string::npos);

  cli.ok({"delete-pipeline", "--name", "cli-demo"});
  CHECK(cli.ok({"list-pipelines"})["pipelines"].empty());
  CHECK(cli.error({"get-pipeline", "--name", "cli-demo"}).find("(PipelineNotFoundException)") !=
        std::string::npos);
}

TEST_CASE(
    "the AWS CLI retries a failed stage and approves with the token from get-pipeline-state") {
  AwsCli cli;
  auto& executor = cli.server.executor;
  create(cli, "flow");
  // The creation started the first execution; it fails in Build.
  REQUIRE(executor.complete("src"));
  json state = cli.wait_for_state(
      "flow", [](const json& s) { return latest_status(s, "Build") == "InProgress"; });
  const std::string first = latest_id(state, "Build");
  REQUIRE(executor.complete("build", ActionOutcome::Failed, "compiler said no"));
  cli.wait_for_state("flow", [](const json& s) { return latest_status(s, "Build") == "Failed"; });

  // A second execution fails in Build too, which makes the first one out of date there.
  const std::string second =
      cli.ok({"start-pipeline-execution", "--name", "flow"})["pipelineExecutionId"];
  REQUIRE(executor.complete("src"));
  cli.wait_for_state("flow", [&](const json& s) {
    return latest_id(s, "Build") == second && latest_status(s, "Build") == "InProgress";
  });
  REQUIRE(executor.complete("build", ActionOutcome::Failed, "still broken"));
  cli.wait_for_state("flow", [](const json& s) { return latest_status(s, "Build") == "Failed"; });
  CHECK(cli.error({"retry-stage-execution", "--pipeline-name", "flow", "--stage-name", "Build",
                   "--pipeline-execution-id", first, "--retry-mode", "FAILED_ACTIONS"})
            .find("(NotLatestPipelineExecutionException)") != std::string::npos);

  const json retried =
      cli.ok({"retry-stage-execution", "--pipeline-name", "flow", "--stage-name", "Build",
              "--pipeline-execution-id", second, "--retry-mode", "FAILED_ACTIONS"});
  CHECK(retried["pipelineExecutionId"] == second);
  cli.wait_for_state("flow",
                     [](const json& s) { return latest_status(s, "Build") == "InProgress"; });
  REQUIRE(executor.complete("build"));
  state = cli.wait_for_state("flow", [](const json& s) {
    const auto& actions = stage(s, "Approve")["actionStates"];
    return !actions.empty() && actions[0].contains("latestExecution") &&
           actions[0]["latestExecution"].contains("token");
  });
  const std::string token = stage(state, "Approve")["actionStates"][0]["latestExecution"]["token"];

  CHECK(cli.error({"put-approval-result", "--pipeline-name", "flow", "--stage-name", "Approve",
                   "--action-name", "approve", "--token", "00000000-0000-4000-8000-000000000000",
                   "--result", "summary=looks fine,status=Approved"})
            .find("(InvalidApprovalTokenException)") != std::string::npos);
  const json approved = cli.ok({"put-approval-result", "--pipeline-name", "flow", "--stage-name",
                                "Approve", "--action-name", "approve", "--token", token, "--result",
                                "summary=looks fine,status=Approved"});
  CHECK(approved.contains("approvedAt"));
  cli.wait_for_execution("flow", second, "Succeeded");

  // Every attempt of the second execution, newest first: the approval, two builds, the source.
  const json actions = cli.ok({"list-action-executions", "--pipeline-name", "flow", "--filter",
                               "pipelineExecutionId=" + second});
  const json& details = actions["actionExecutionDetails"];
  REQUIRE(details.size() == 4);
  CHECK(details[0]["actionName"] == "approve");
  CHECK(details[0]["status"] == "Succeeded");
  CHECK(details[1]["actionName"] == "build");
  CHECK(details[1]["status"] == "Succeeded");
  CHECK(details[2]["actionName"] == "build");
  CHECK(details[2]["status"] == "Failed");
  CHECK(details[2]["input"]["actionTypeId"]["provider"] == "CodeBuild");
  CHECK(details[2]["input"]["configuration"]["ProjectName"] == "demo");
  CHECK(details[3]["actionName"] == "src");
}

TEST_CASE("the AWS CLI stops executions by waiting for running actions and by abandoning them") {
  AwsCli cli;
  auto& executor = cli.server.executor;
  create(cli, "stops");
  const std::string first =
      latest_id(cli.wait_for_state(
                    "stops", [](const json& s) { return !latest_status(s, "Source").empty(); }),
                "Source");

  // Stop and wait: the execution is Stopping until its running source action ends.
  cli.ok({"stop-pipeline-execution", "--pipeline-name", "stops", "--pipeline-execution-id", first,
          "--reason", "release freeze"});
  CHECK(cli.ok({"get-pipeline-execution", "--pipeline-name", "stops", "--pipeline-execution-id",
                first})["pipelineExecution"]["status"] == "Stopping");
  REQUIRE(executor.complete("src"));
  cli.wait_for_execution("stops", first, "Stopped");

  // Stop and abandon: stopped at once, the running action is cancelled.
  const std::string second =
      cli.ok({"start-pipeline-execution", "--name", "stops"})["pipelineExecutionId"];
  cli.wait_for_state("stops", [&](const json& s) { return latest_id(s, "Source") == second; });
  cli.ok({"stop-pipeline-execution", "--pipeline-name", "stops", "--pipeline-execution-id", second,
          "--abandon"});
  cli.wait_for_execution("stops", second, "Stopped");
  bool cancelled = false;
  for (const auto& c : executor.cancelled()) cancelled |= c.pipelineExecutionId == second;
  CHECK(cancelled);
  CHECK(cli.error({"stop-pipeline-execution", "--pipeline-name", "stops", "--pipeline-execution-id",
                   second})
            .find("(PipelineExecutionNotStoppableException)") != std::string::npos);

  const json listed = cli.ok({"list-pipeline-executions", "--pipeline-name", "stops"});
  const json& summaries = listed["pipelineExecutionSummaries"];
  REQUIRE(summaries.size() == 2);
  CHECK(summaries[0]["pipelineExecutionId"] == second);
  CHECK(summaries[0]["trigger"]["triggerType"] == "StartPipelineExecution");
  CHECK(summaries[1]["pipelineExecutionId"] == first);
  CHECK(summaries[1]["status"] == "Stopped");
  CHECK(summaries[1]["stopTrigger"]["reason"] == "release freeze");
  CHECK(summaries[1]["trigger"]["triggerType"] == "CreatePipeline");
}

TEST_CASE("the AWS CLI disables and enables a stage transition") {
  AwsCli cli;
  create(cli, "gates");
  cli.ok({"disable-stage-transition", "--pipeline-name", "gates", "--stage-name", "Build",
          "--transition-type", "Inbound", "--reason", "Release freeze (ops)"});
  REQUIRE(cli.server.executor.complete("src"));
  const json held = cli.wait_for_state(
      "gates", [](const json& s) { return stage(s, "Build").contains("inboundExecution"); });
  const json& transition = stage(held, "Build")["inboundTransitionState"];
  CHECK(transition["enabled"] == false);
  CHECK(transition["disabledReason"] == "Release freeze (ops)");
  CHECK(transition["lastChangedBy"].get<std::string>().find("AKIDLOCKSTEPCLI") !=
        std::string::npos);
  CHECK(latest_status(held, "Build").empty());

  cli.ok({"enable-stage-transition", "--pipeline-name", "gates", "--stage-name", "Build",
          "--transition-type", "Inbound"});
  const json entered = cli.wait_for_state(
      "gates", [](const json& s) { return latest_status(s, "Build") == "InProgress"; });
  CHECK(stage(entered, "Build")["inboundTransitionState"]["enabled"] == true);
}

TEST_CASE("the AWS CLI shows PipelineNotFoundException and InvalidSignatureException") {
  AwsCli cli;
  CHECK(cli.error({"get-pipeline-state", "--name", "nope"}).find("(PipelineNotFoundException)") !=
        std::string::npos);
  CHECK(cli.error({"list-pipelines"}, "a-wrong-secret").find("(InvalidSignatureException)") !=
        std::string::npos);
}

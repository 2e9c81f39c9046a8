// The local CodeBuild executor end to end: real buildspecs run by real shells in a temp data
// directory, checked on the files produced, the log and the action's completion.
#include <catch2/catch.hpp>

#include <atomic>
#include <thread>

#include "build_harness.hpp"
#include "executors/local/codebuild_executor.hpp"

using namespace lockstep;
using namespace lockstep::executors::local;
using namespace lockstep::executors::local::testing;

namespace {

struct CodeBuild {
  BuildHarness h;
  CodeBuildExecutor::Options options;
  std::optional<CodeBuildExecutor> executor;

  explicit CodeBuild(std::map<std::string, std::string> secrets = {},
                     std::map<std::string, CodeBuildProject> projects = {})
      : h(std::move(secrets)) {
    options.base_environment = {{"PATH", "/usr/bin:/bin"}};
    options.projects = std::move(projects);
    options.kill_grace = std::chrono::milliseconds(500);
    executor.emplace(h.io.get_executor(), h.runner, h.workspace, h.secrets, options);
  }

  void reset_options() {
    executor.emplace(h.io.get_executor(), h.runner, h.workspace, h.secrets, options);
  }

  engine::StartAction action(const std::string& buildspec, std::vector<std::string> outputs = {},
                             const std::string& id = "attempt-1") {
    engine::StartAction start =
        BuildHarness::action(engine::ActionCategory::Build, "CodeBuild", id);
    start.resolvedConfiguration["ProjectName"] = "web";
    start.inputArtifacts.push_back(
        h.artifact("SourceOutput", {{"buildspec.yml", buildspec}, {"src/a.txt", "a"}}, "0123abcd"));
    start.action.inputArtifacts = {"SourceOutput"};
    for (const std::string& name : outputs) start.action.outputArtifacts.push_back({name, {}});
    return start;
  }

  engine::ActionCompleted run(const engine::StartAction& start) { return h.run(*executor, start); }
  std::string artifact_file(const engine::StartAction& start, const std::string& artifact,
                            const std::string& file) {
    return read_file(h.artifact_folder(start, artifact) / file);
  }
};

}  // namespace

TEST_CASE("cd and exported variables carry from command to command and phase to phase") {
  CodeBuild b;
  const auto start = b.action(R"(version: 0.2
phases:
  install:
    commands:
      - mkdir -p sub && cd sub
  pre_build:
    commands:
      - export X=1
      - GREETING=hello
  build:
    commands:
      - pwd > ../where.txt
      - echo "$X" > ../x.txt
  post_build:
    commands:
      - echo "$X-${GREETING:-unset}" > ../post.txt
artifacts:
  files: ['*.txt']
)",
                              {"BuildOutput"});
  const auto done = b.run(start);
  INFO(b.h.log(start));
  CHECK(done.outcome == engine::ActionOutcome::Succeeded);
  CHECK(b.artifact_file(start, "BuildOutput", "where.txt").ends_with("/sub\n"));
  CHECK(b.artifact_file(start, "BuildOutput", "x.txt") == "1\n");
  // Exported variables survive a phase; plain shell variables live only within their phase.
  CHECK(b.artifact_file(start, "BuildOutput", "post.txt") == "1-unset\n");
}

TEST_CASE("a failing command skips the rest of its phase but the phase's finally runs") {
  CodeBuild b;
  const auto start = b.action(R"(version: 0.2
phases:
  build:
    commands:
      - echo one > one.txt
      - ls missing-file || (exit 4)
      - echo never > never.txt
    finally:
      - echo "finally $CODEBUILD_BUILD_SUCCEEDING" > finally.txt
artifacts:
  files: ['*.txt']
)",
                              {"Out"});
  const auto done = b.run(start);
  CHECK(done.outcome == engine::ActionOutcome::Failed);
  CHECK(done.summary.find("'ls missing-file || (exit 4)' exited with status 4") !=
        std::string::npos);
  CHECK(tree(b.h.artifact_folder(start, "Out")) ==
        std::vector<std::string>{"finally.txt", "one.txt"});
  CHECK(b.artifact_file(start, "Out", "finally.txt") == "finally 0\n");
}

TEST_CASE("a failed build still runs post_build with CODEBUILD_BUILD_SUCCEEDING 0 and uploads") {
  CodeBuild b;
  const auto start = b.action(R"(version: 0.2
phases:
  pre_build:
    commands:
      - echo "$CODEBUILD_BUILD_SUCCEEDING" > pre.txt
  build:
    commands:
      - false
  post_build:
    commands:
      - echo "$CODEBUILD_BUILD_SUCCEEDING" > post.txt
artifacts:
  files: ['*.txt']
)",
                              {"Out"});
  const auto done = b.run(start);
  CHECK(done.outcome == engine::ActionOutcome::Failed);
  CHECK(done.summary.find("phase BUILD: command 'false' exited with status 1") !=
        std::string::npos);
  CHECK(b.artifact_file(start, "Out", "pre.txt") == "1\n");
  CHECK(b.artifact_file(start, "Out", "post.txt") == "0\n");
  const std::string log = b.h.log(start);
  CHECK(log.find("Phase complete: BUILD State: FAILED") != std::string::npos);
  CHECK(log.find("Entering phase POST_BUILD") != std::string::npos);
  CHECK(log.find("Phase complete: UPLOAD_ARTIFACTS State: SUCCEEDED") != std::string::npos);
}

TEST_CASE("a failed install or pre_build skips the later phases and the upload") {
  const std::string failing = GENERATE(std::string("install"), std::string("pre_build"));
  INFO(failing);
  CodeBuild b;
  std::string spec = "version: 0.2\nphases:\n";
  for (const std::string phase : {"install", "pre_build", "build", "post_build"}) {
    spec += "  " + phase + ":\n    commands:\n      - touch ran-" + phase + ".txt\n";
    if (phase == failing) spec += "      - false\n";
  }
  spec += "artifacts:\n  files: ['*.txt']\n";
  const auto start = b.action(spec, {"Out"});
  const auto done = b.run(start);
  CHECK(done.outcome == engine::ActionOutcome::Failed);
  CHECK(done.outputArtifacts.empty());
  const std::string log = b.h.log(start);
  CHECK(log.find("Entering phase BUILD") == std::string::npos);
  CHECK(log.find("Entering phase POST_BUILD") == std::string::npos);
  CHECK(log.find("UPLOAD_ARTIFACTS") == std::string::npos);
  CHECK(tree(b.h.artifact_folder(start, "Out")).empty());
}

TEST_CASE("on-failure CONTINUE in pre_build lets build run and the action still fails") {
  CodeBuild b;
  const auto start = b.action(R"(version: 0.2
phases:
  pre_build:
    on-failure: CONTINUE
    commands:
      - false
  build:
    commands:
      - echo built > built.txt
artifacts:
  files: built.txt
)",
                              {"Out"});
  const auto done = b.run(start);
  CHECK(done.outcome == engine::ActionOutcome::Failed);
  CHECK(b.artifact_file(start, "Out", "built.txt") == "built\n");
}

TEST_CASE("on-failure ABORT in build ends the build without post_build or upload") {
  CodeBuild b;
  const auto start = b.action(R"(version: 0.2
phases:
  build:
    on-failure: ABORT
    commands:
      - false
  post_build:
    commands:
      - touch post.txt
artifacts:
  files: ['**/*']
)",
                              {"Out"});
  const auto done = b.run(start);
  CHECK(done.outcome == engine::ActionOutcome::Failed);
  CHECK(done.outputArtifacts.empty());
  CHECK(b.h.log(start).find("Entering phase POST_BUILD") == std::string::npos);
}

TEST_CASE("a failed post_build fails the build but the artifacts are uploaded") {
  CodeBuild b;
  const auto start = b.action(R"(version: 0.2
phases:
  build:
    commands:
      - echo ok > ok.txt
  post_build:
    commands:
      - exit 9
artifacts:
  files: ok.txt
)",
                              {"Out"});
  const auto done = b.run(start);
  CHECK(done.outcome == engine::ActionOutcome::Failed);
  CHECK(done.summary.find("status 9") != std::string::npos);
  REQUIRE(done.outputArtifacts.size() == 1);
  CHECK(b.artifact_file(start, "Out", "ok.txt") == "ok\n");
}

TEST_CASE("the value an exported variable has after post_build is the output variable") {
  CodeBuild b;
  const auto start = b.action(R"(version: 0.2
env:
  variables:
    VERSION: from-env
  exported-variables:
    - VERSION
    - COMMIT
    - NEVER_SET
phases:
  build:
    commands:
      - export VERSION=from-build
      - export COMMIT="$CODEBUILD_RESOLVED_SOURCE_VERSION"
  post_build:
    commands:
      - export VERSION=from-post-build
)");
  const auto done = b.run(start);
  CHECK(done.outcome == engine::ActionOutcome::Succeeded);
  CHECK(done.outputVariables == engine::VariableValues{{"COMMIT", "0123abcd"},
                                                       {"NEVER_SET", ""},
                                                       {"VERSION", "from-post-build"}});
}

TEST_CASE("the action's variables override the project's which override the buildspec's") {
  CodeBuild b({},
              {{"web", CodeBuildProject{"", {{"FROM_PROJECT", "project"}, {"BOTH", "project"}}}}});
  auto start = b.action(R"(version: 0.2
env:
  variables:
    BOTH: buildspec
    ONLY_SPEC: buildspec
    FROM_PROJECT: buildspec
    LITERAL: "$PATH:/x"
  exported-variables: [BOTH, ONLY_SPEC, FROM_PROJECT, LITERAL]
phases:
  build:
    commands:
      - 'true'
)");
  start.resolvedConfiguration["EnvironmentVariables"] =
      R"([{"name":"BOTH","value":"action","type":"PLAINTEXT"}])";
  const auto done = b.run(start);
  REQUIRE(done.outcome == engine::ActionOutcome::Succeeded);
  CHECK(done.outputVariables.at("BOTH") == "action");
  CHECK(done.outputVariables.at("FROM_PROJECT") == "project");
  CHECK(done.outputVariables.at("ONLY_SPEC") == "buildspec");
  CHECK(done.outputVariables.at("LITERAL") == "$PATH:/x");  // no shell expansion (A.3 rule 1)
}

TEST_CASE("parameter store and secrets manager values reach the build and are masked in the log") {
  CodeBuild b(
      std::map<std::string, std::string>{{"/ci/token", "tok-4242-secret"},
                                         {"db", R"({"password":"pw-9999-secret","user":"admin"})"},
                                         {"deploy-key", "key-7777-secret"}});
  auto start = b.action(R"(version: 0.2
env:
  parameter-store:
    TOKEN: /ci/token
  secrets-manager:
    DB_PASSWORD: db:password
phases:
  build:
    commands:
      - echo "token=$TOKEN password=$DB_PASSWORD key=$KEY"
      - test "$TOKEN" = tok-4242-secret && test "$DB_PASSWORD" = pw-9999-secret
)");
  start.resolvedConfiguration["EnvironmentVariables"] =
      R"([{"name":"KEY","value":"deploy-key","type":"SECRETS_MANAGER"}])";
  const auto done = b.run(start);
  const std::string log = b.h.log(start);
  INFO(log);
  CHECK(done.outcome == engine::ActionOutcome::Succeeded);
  CHECK(log.find("token=*** password=*** key=***") != std::string::npos);
  CHECK(log.find("secret") == std::string::npos);
}

TEST_CASE("a secret the server does not hold fails the build before it runs") {
  CodeBuild b;
  const auto start = b.action(R"(version: 0.2
env:
  secrets-manager:
    DB_PASSWORD: missing-secret
phases:
  build:
    commands:
      - touch ran
)");
  const auto done = b.run(start);
  CHECK(done.outcome == engine::ActionOutcome::Failed);
  CHECK(done.summary.find("missing-secret") != std::string::npos);
  CHECK(b.h.log(start).find("Running command") == std::string::npos);
}

TEST_CASE("an invalid buildspec fails the action with every problem and its line") {
  CodeBuild b;
  const auto start = b.action(R"(version: 0.2
phases:
  build:
    on-failure: SOMETIMES
    commands:
      - echo a: b
  deploy:
    commands:
      - 'true'
)");
  const auto done = b.run(start);
  CHECK(done.outcome == engine::ActionOutcome::Failed);
  for (const std::string expected : {"line 4, phases.build.on-failure",
                                     "line 6, phases.build.commands[1]", "line 7, phases.deploy"}) {
    CHECK(done.summary.find(expected) != std::string::npos);
    CHECK(b.h.log(start).find(expected) != std::string::npos);
  }
}

TEST_CASE("the CODEBUILD variables describe the build") {
  CodeBuild b;
  const std::string spec = R"SPEC(version: 0.2
phases:
  build:
    commands:
      - env | grep -E '^(CODEBUILD_|AWS_)' | sort > vars.txt
      - test "$CODEBUILD_SRC_DIR" = "$(pwd)"
artifacts:
  files: vars.txt
)SPEC";
  const auto first = b.action(spec, {"Out"}, "attempt-1");
  REQUIRE(b.run(first).outcome == engine::ActionOutcome::Succeeded);
  const auto second = b.action(spec, {"Out"}, "attempt-2");
  const auto done = b.run(second);
  REQUIRE(done.outcome == engine::ActionOutcome::Succeeded);
  CHECK(done.externalExecutionId == "web:attempt-2");
  const std::string vars = b.artifact_file(second, "Out", "vars.txt");
  INFO(vars);
  for (const std::string expected :
       {"CODEBUILD_BUILD_ID=web:attempt-2\n", "CODEBUILD_BUILD_NUMBER=2\n",
        "CODEBUILD_BUILD_SUCCEEDING=1\n", "CODEBUILD_INITIATOR=codepipeline/app\n",
        "CODEBUILD_RESOLVED_SOURCE_VERSION=0123abcd\n", "AWS_REGION=us-east-1\n",
        "AWS_DEFAULT_REGION=us-east-1\n", "CODEBUILD_START_TIME="}) {
    CHECK(vars.find(expected) != std::string::npos);
  }
}

TEST_CASE(
    "PrimarySource picks the working directory and other inputs appear at CODEBUILD_SRC_DIR_name") {
  CodeBuild b;
  engine::StartAction start = BuildHarness::action(engine::ActionCategory::Build, "CodeBuild");
  start.resolvedConfiguration = {{"ProjectName", "web"}, {"PrimarySource", "App"}};
  start.inputArtifacts.push_back(b.h.artifact("Tools", {{"tool.txt", "tool"}}));
  start.inputArtifacts.push_back(b.h.artifact("App", {{"buildspec.yml", R"(version: 0.2
phases:
  build:
    commands:
      - cp "$CODEBUILD_SRC_DIR_Tools/tool.txt" copied.txt
artifacts:
  files: copied.txt
)"}},
                                              "feedbeef"));
  start.action.outputArtifacts = {{"Out", {}}};
  const auto done = b.run(start);
  INFO(b.h.log(start));
  REQUIRE(done.outcome == engine::ActionOutcome::Succeeded);
  CHECK(b.artifact_file(start, "Out", "copied.txt") == "tool");
}

TEST_CASE("several output artifacts are produced from their secondary-artifacts blocks") {
  CodeBuild b;
  auto start = b.action(R"(version: 0.2
phases:
  build:
    commands:
      - mkdir -p web api && echo w > web/index.html && echo a > api/main.py
artifacts:
  files: ['**/*']
  secondary-artifacts:
    WebOut:
      base-directory: web
      files: ['**/*']
    ApiOut:
      files: ['api/*']
)",
                        {"WebOut", "ApiOut"});
  const auto done = b.run(start);
  REQUIRE(done.outcome == engine::ActionOutcome::Succeeded);
  REQUIRE(done.outputArtifacts.size() == 2);
  CHECK(tree(b.h.artifact_folder(start, "WebOut")) == std::vector<std::string>{"index.html"});
  CHECK(tree(b.h.artifact_folder(start, "ApiOut")) == std::vector<std::string>{"api/main.py"});
}

TEST_CASE("an output artifact without a matching secondary-artifacts block fails the build") {
  CodeBuild b;
  const auto start = b.action(R"(version: 0.2
phases:
  build:
    commands: ['true']
artifacts:
  files: ['**/*']
  secondary-artifacts:
    WebOut:
      files: ['**/*']
)",
                              {"WebOut", "Other"});
  const auto done = b.run(start);
  CHECK(done.outcome == engine::ActionOutcome::Failed);
  CHECK(done.summary.find("Other") != std::string::npos);
}

TEST_CASE("artifact files that match nothing fail the upload") {
  CodeBuild b;
  const auto start = b.action(R"(version: 0.2
phases:
  build:
    commands: ['true']
artifacts:
  files: ['dist/**/*']
)",
                              {"Out"});
  const auto done = b.run(start);
  CHECK(done.outcome == engine::ActionOutcome::Failed);
  CHECK(done.summary.find("no matching artifact paths found") != std::string::npos);
}

TEST_CASE("an inline BuildSpec in the configuration replaces buildspec.yml") {
  CodeBuild b;
  auto start = b.action("version: 0.2\nphases:\n  build:\n    commands: ['exit 1']\n");
  start.resolvedConfiguration["BuildSpec"] =
      "version: 0.2\nphases:\n  build:\n    commands: ['echo inline-ran']\n";
  const auto done = b.run(start);
  CHECK(done.outcome == engine::ActionOutcome::Succeeded);
  CHECK(b.h.log(start).find("inline-ran") != std::string::npos);
}

TEST_CASE("a project's buildspec path is read from the primary source") {
  CodeBuild b({}, {{"web", CodeBuildProject{"ci/test.yml", {}}}});
  auto start = b.action("version: 0.2\nphases:\n  build:\n    commands: ['exit 1']\n");
  b.h.dir.write("inputs/SourceOutput/ci/test.yml",
                "version: 0.2\nphases:\n  build:\n    commands: ['echo from-project-spec']\n");
  const auto done = b.run(start);
  CHECK(done.outcome == engine::ActionOutcome::Succeeded);
  CHECK(b.h.log(start).find("from-project-spec") != std::string::npos);
}

TEST_CASE("the log has a header line for every phase the build entered") {
  CodeBuild b;
  const auto start = b.action(R"(version: 0.2
phases:
  install:
    commands: ['echo installing']
  build:
    commands: ['echo building']
)");
  REQUIRE(b.run(start).outcome == engine::ActionOutcome::Succeeded);
  const std::string log = b.h.log(start);
  std::size_t at = 0;
  for (const std::string expected :
       {"Entering phase DOWNLOAD_SOURCE", "Entering phase INSTALL",
        "Running command echo installing", "Phase complete: INSTALL State: SUCCEEDED",
        "Entering phase BUILD", "building", "Phase complete: BUILD State: SUCCEEDED",
        "Entering phase FINALIZING"}) {
    const std::size_t found = log.find(expected, at);
    CHECK(found != std::string::npos);
    INFO(expected);
    if (found != std::string::npos) at = found;
  }
  CHECK(log.starts_with("[Container] "));
}

TEST_CASE("a build that runs past its timeout is killed and fails as timed out") {
  CodeBuild b;
  b.options.timeout_cap = std::chrono::milliseconds(300);
  b.reset_options();
  const auto start = b.action(R"(version: 0.2
phases:
  build:
    commands:
      - sleep 30
  post_build:
    commands:
      - touch post.txt
)");
  const auto done = b.run(start);
  CHECK(done.outcome == engine::ActionOutcome::Failed);
  REQUIRE(done.errorDetails);
  CHECK(done.errorDetails->code == "TimeoutError");
  CHECK(b.h.log(start).find("Phase complete: BUILD State: TIMED_OUT") != std::string::npos);
  CHECK(b.h.log(start).find("Entering phase POST_BUILD") == std::string::npos);
}

TEST_CASE("stopping a running build kills its processes and reports it stopped") {
  CodeBuild b;
  const auto start = b.action(R"(version: 0.2
phases:
  build:
    commands:
      - sleep 30 & echo $! > "$CODEBUILD_SRC_DIR/../../sleeper.pid"; wait
)");
  const auto pid_file = b.h.workspace.action_directory(start) / "sleeper.pid";
  std::atomic<bool> finished{false};
  std::thread stopper([&] {
    // Waits for the build to record its child, the event that makes a stop meaningful.
    while (!finished && (!std::filesystem::exists(pid_file) || read_pid(pid_file) == 0)) {
      std::this_thread::sleep_for(std::chrono::milliseconds(2));  // polling interval
    }
    b.executor->cancel({start.actionExecutionId, start.pipelineExecutionId, "stop"});
  });
  const auto done = b.run(start);
  finished = true;
  stopper.join();
  CHECK(done.outcome == engine::ActionOutcome::Failed);
  CHECK(done.summary.find("stopped") != std::string::npos);
  REQUIRE(std::filesystem::exists(pid_file));
  CHECK(process_ends(read_pid(pid_file)));
}

TEST_CASE("on-failure RETRY-2 runs the whole build three times and then fails like ABORT") {
  CodeBuild b;
  const auto start = b.action(R"(version: 0.2
phases:
  install:
    commands:
      - echo install >> "$CODEBUILD_SRC_DIR/../../attempts.txt"
  build:
    on-failure: RETRY-2
    commands:
      - echo build >> "$CODEBUILD_SRC_DIR/../../attempts.txt"
      - false
  post_build:
    commands:
      - touch post.txt
)");
  const auto done = b.run(start);
  CHECK(done.outcome == engine::ActionOutcome::Failed);
  CHECK(done.summary ==
        "Build failed after 2 retries: phase BUILD: command 'false' exited with status 1");
  CHECK(read_file(b.h.workspace.action_directory(start) / "attempts.txt") ==
        "install\nbuild\ninstall\nbuild\ninstall\nbuild\n");
  const std::string log = b.h.log(start);
  CHECK(log.find("on-failure RETRY-2: retrying the build (retry 1 of 2)") != std::string::npos);
  CHECK(log.find("on-failure RETRY-2: retrying the build (retry 2 of 2)") != std::string::npos);
  CHECK(log.find("on-failure RETRY-2: all 2 retries used") != std::string::npos);
  CHECK(log.find("Entering phase POST_BUILD") == std::string::npos);
}

TEST_CASE("a retried build starts from fresh inputs and the last attempt's artifacts are kept") {
  CodeBuild b;
  const auto start = b.action(R"(version: 0.2
env:
  exported-variables:
    - ATTEMPT
phases:
  build:
    on-failure: RETRY
    commands:
      - echo x >> "$CODEBUILD_SRC_DIR/../../attempts.txt"
      - export ATTEMPT=$(wc -l < "$CODEBUILD_SRC_DIR/../../attempts.txt" | tr -d ' ')
      - ls stale.txt 2> /dev/null && echo "stale" > seen-stale.txt || true
      - echo "$ATTEMPT" > stale.txt
      - echo "attempt $ATTEMPT" > result.txt
      - test "$ATTEMPT" -ge 3
artifacts:
  files: ['*.txt']
)",
                              {"Out"});
  const auto done = b.run(start);
  INFO(b.h.log(start));
  CHECK(done.outcome == engine::ActionOutcome::Succeeded);
  CHECK(done.summary == "Build succeeded after 2 retries");
  CHECK(done.outputVariables.at("ATTEMPT") == "3");
  CHECK(b.artifact_file(start, "Out", "result.txt") == "attempt 3\n");
  // Each attempt copied the input again: no attempt saw the file an earlier one wrote.
  CHECK(tree(b.h.artifact_folder(start, "Out")) ==
        std::vector<std::string>{"result.txt", "stale.txt"});
}

TEST_CASE("on-failure RETRY with a pattern retries only when the error message contains it") {
  CodeBuild b;
  const auto start = b.action(R"(version: 0.2
phases:
  pre_build:
    on-failure: RETRY-5-status [79]$
    commands:
      - echo x >> "$CODEBUILD_SRC_DIR/../../attempts.txt"
      - n=$(wc -l < "$CODEBUILD_SRC_DIR/../../attempts.txt"); if [ $n -eq 1 ]; then exit 7; fi; exit 3
  build:
    commands:
      - touch built.txt
)");
  const auto done = b.run(start);
  CHECK(done.outcome == engine::ActionOutcome::Failed);
  CHECK(done.summary.starts_with("Build failed after 1 retry: phase PRE_BUILD: "));
  CHECK(done.summary.ends_with("exited with status 3"));
  CHECK(read_file(b.h.workspace.action_directory(start) / "attempts.txt") == "x\nx\n");
  CHECK(b.h.log(start).find("does not match 'status [79]$'; the build ends as with ABORT") !=
        std::string::npos);
}

TEST_CASE(
    "an artifact name evaluated by the build's shell publishes the artifact under that name") {
  CodeBuild b;
  const std::filesystem::path published = b.h.dir / "published";
  b.options.projects["web"].artifacts_directory = published;
  b.reset_options();
  const auto start = b.action(R"(version: 0.2
phases:
  build:
    commands:
      - mkdir -p out/sub && echo hi > out/sub/hi.txt
  post_build:
    commands:
      - export FLAVOUR=blue
artifacts:
  files: ['**/*']
  base-directory: out
  name: builds/$CODEBUILD_BUILD_NUMBER/web-$(echo $FLAVOUR)
  secondary-artifacts:
    Docs:
      files: ['out/sub/hi.txt']
      discard-paths: yes
      name: docs-$FLAVOUR
)",
                              {"BuildOutput"});
  const auto done = b.run(start);
  INFO(b.h.log(start));
  REQUIRE(done.outcome == engine::ActionOutcome::Succeeded);
  CHECK(read_file(published / "builds/1/web-blue/sub/hi.txt") == "hi\n");
  // CodePipeline manages its artifacts' names: the pipeline's artifact keeps its own.
  CHECK(read_file(b.h.artifact_folder(start, "BuildOutput") / "sub/hi.txt") == "hi\n");
  CHECK(done.outputArtifacts.at(0).location == b.h.artifact_folder(start, "BuildOutput").string());
  CHECK(b.h.log(start).find("Uploaded artifact BuildOutput (1 files) named builds/1/web-blue at " +
                            (published / "builds/1/web-blue").string()) != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(published / "docs-blue"));  // not an output of the action
}

TEST_CASE("a secondary artifact's name publishes that output under its own name") {
  CodeBuild b;
  const std::filesystem::path published = b.h.dir / "published";
  b.options.projects["web"].artifacts_directory = published;
  b.reset_options();
  const auto start = b.action(R"(version: 0.2
env:
  variables:
    RELEASE: r7
phases:
  build:
    commands:
      - echo app > app.txt && echo doc > doc.md
artifacts:
  files: ['app.txt']
  secondary-artifacts:
    App:
      files: ['app.txt']
    Docs:
      files: ['doc.md']
      name: docs/$RELEASE
)",
                              {"App", "Docs"});
  const auto done = b.run(start);
  INFO(b.h.log(start));
  REQUIRE(done.outcome == engine::ActionOutcome::Succeeded);
  CHECK(tree(published) == std::vector<std::string>{"docs/r7/doc.md"});
}

TEST_CASE(
    "an artifact name that evaluates to a path leaving the artifacts folder fails the upload") {
  CodeBuild b;
  const std::filesystem::path published = b.h.dir / "published";
  b.options.projects["web"].artifacts_directory = published;
  b.reset_options();
  const auto start = b.action(R"(version: 0.2
phases:
  build:
    commands:
      - echo x > x.txt
artifacts:
  files: ['x.txt']
  name: ../$(echo escape)
)",
                              {"Out"});
  const auto done = b.run(start);
  CHECK(done.outcome == engine::ActionOutcome::Failed);
  CHECK(done.summary ==
        "Build failed: phase UPLOAD_ARTIFACTS: Out: artifacts name '../$(echo escape)' evaluated "
        "to '../escape', which is not a relative path without ..");
  CHECK_FALSE(std::filesystem::exists(b.h.dir / "escape"));
}

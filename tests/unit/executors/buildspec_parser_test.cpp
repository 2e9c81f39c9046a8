// Reading buildspec.yml: what a valid document becomes, and every problem of an invalid one with
// its line and key path.
#include <catch2/catch.hpp>

#include <algorithm>

#include "executors/local/buildspec_parser.hpp"

using namespace lockstep::executors::local;

namespace {

bool has_problem(const BuildspecParse& parsed, int line, const std::string& path,
                 const std::string& words) {
  return std::any_of(parsed.problems.begin(), parsed.problems.end(), [&](const auto& problem) {
    return problem.line == line && problem.path == path &&
           problem.message.find(words) != std::string::npos;
  });
}

std::string all_problems(const BuildspecParse& parsed) {
  return describe_problems(parsed.problems);
}

}  // namespace

TEST_CASE("a complete version 0.2 buildspec is read into its phases env and artifacts") {
  const auto parsed = parse_buildspec(R"(version: 0.2
run-as: builder
env:
  shell: bash
  variables:
    STAGE: prod
    EMPTY: ""
  parameter-store:
    TOKEN: /ci/token
  secrets-manager:
    PASSWORD: "arn:aws:secretsmanager:us-east-1:123456789012:secret:db:password::"
  exported-variables: [STAGE, BUILD_TAG]
  git-credential-helper: yes
phases:
  install:
    runtime-versions:
      nodejs: 18
  pre_build:
    on-failure: CONTINUE
    commands:
      - echo pre
  build:
    on-failure: RETRY-2-timeout.*
    commands:
      - make
      - |
        for f in a b; do
          echo "$f"
        done
    finally:
      - echo done
  post_build:
    commands: ["echo 'a: b'"]
reports:
  unit:
    files: ['**/*.xml']
cache:
  paths: ['/root/.m2/**/*']
artifacts:
  files:
    - '**/*'
  name: build-$CODEBUILD_BUILD_NUMBER
  base-directory: dist
  discard-paths: yes
  exclude-paths: ['**/*.map']
  secondary-artifacts:
    Docs:
      files: docs/*
)");
  INFO(all_problems(parsed));
  REQUIRE(parsed.ok());
  const Buildspec& spec = *parsed.buildspec;
  CHECK(spec.version == "0.2");
  CHECK(spec.shell == "bash");
  CHECK(spec.run_as == "builder");
  CHECK(spec.variables == NamedValues{{"STAGE", "prod"}, {"EMPTY", ""}});
  CHECK(spec.parameter_store == NamedValues{{"TOKEN", "/ci/token"}});
  CHECK(spec.exported_variables == std::vector<std::string>{"STAGE", "BUILD_TAG"});
  CHECK(spec.phase(BuildPhaseName::Install).declared);
  CHECK(spec.phase(BuildPhaseName::Install).commands.empty());
  CHECK(spec.phase(BuildPhaseName::PreBuild).on_failure == OnFailure::Continue);
  CHECK(spec.phase(BuildPhaseName::Build).on_failure == OnFailure::Retry);
  CHECK(spec.phase(BuildPhaseName::Build).commands.size() == 2);
  CHECK(spec.phase(BuildPhaseName::Build).commands[1].find("for f in a b; do\n") == 0);
  CHECK(spec.phase(BuildPhaseName::Build).finally == std::vector<std::string>{"echo done"});
  CHECK(spec.phase(BuildPhaseName::PostBuild).commands == std::vector<std::string>{"echo 'a: b'"});
  REQUIRE(spec.artifacts);
  CHECK(spec.artifacts->files == std::vector<std::string>{"**/*"});
  CHECK(spec.artifacts->base_directory == "dist");
  CHECK(spec.artifacts->discard_paths);
  CHECK(spec.artifacts->exclude_paths == std::vector<std::string>{"**/*.map"});
  CHECK(spec.artifacts->name == "build-$CODEBUILD_BUILD_NUMBER");
  REQUIRE(spec.secondary_artifacts.size() == 1);
  CHECK(spec.secondary_artifacts[0].first == "Docs");
  CHECK(spec.secondary_artifacts[0].second.files == std::vector<std::string>{"docs/*"});
}

TEST_CASE("every problem in a buildspec is reported with its line and key path") {
  const auto parsed = parse_buildspec(R"(version: 0.2
env:
  shell: zsh
  variables:
    CODEBUILD_X: nope
    1BAD: x
  exported-variables: [AWS_SECRET]
  secrets-manager:
    S: "name:key:AWSCURRENT:v1"
  colour: blue
phases:
  build:
    on-failure: RETRY-500
    commands:
      - echo a: b
  post_build:
    finally: [x]
  deploy:
    commands: [x]
  pre_build:
    runtime-versions: {python: 3}
    commands: ['true']
artifacts:
  discard-paths: maybe
  exclude-paths: ['[abc']
extra: 1
)");
  INFO(all_problems(parsed));
  CHECK_FALSE(parsed.buildspec);
  CHECK(has_problem(parsed, 3, "env.shell", "bash or /bin/sh"));
  CHECK(has_problem(parsed, 5, "env.variables.CODEBUILD_X", "reserved"));
  CHECK(has_problem(parsed, 6, "env.variables.1BAD", "not a valid variable name"));
  CHECK(has_problem(parsed, 7, "env.exported-variables", "AWS_"));
  CHECK(has_problem(parsed, 9, "env.secrets-manager.S", "not both"));
  CHECK(has_problem(parsed, 10, "env.colour", "not an env key"));
  CHECK(has_problem(parsed, 13, "phases.build.on-failure", "between 0 and 100"));
  CHECK(has_problem(parsed, 15, "phases.build.commands[1]", "quote"));
  CHECK(has_problem(parsed, 16, "phases.post_build.commands", "required"));
  CHECK(has_problem(parsed, 18, "phases.deploy", "not a phase"));
  CHECK(has_problem(parsed, 21, "phases.pre_build.runtime-versions", "install phase only"));
  CHECK(has_problem(parsed, 23, "artifacts.files", "required"));
  CHECK(has_problem(parsed, 24, "artifacts.discard-paths", "yes or no"));
  CHECK(has_problem(parsed, 25, "artifacts.exclude-paths", "[abc"));
  CHECK(has_problem(parsed, 26, "extra", "not a buildspec key"));
  CHECK(parsed.problems.size() == 15);
}

TEST_CASE("version 0.1 and other versions are refused with the reason") {
  const auto old = parse_buildspec(
      "version: 0.1\nenvironment_variables:\n  plaintext:\n    A: b\nphases:\n  build:\n"
      "    commands: [x]\n");
  CHECK(has_problem(old, 1, "version", "0.1 is not supported"));
  CHECK(has_problem(old, 2, "environment_variables", "version 0.2 calls it env"));
  const auto unknown = parse_buildspec("version: 3\nphases:\n  build:\n    commands: [x]\n");
  CHECK(has_problem(unknown, 1, "version", "must be 0.2"));
}

TEST_CASE("a buildspec without version or phases is refused") {
  const auto parsed = parse_buildspec("env:\n  variables:\n    A: b\n");
  CHECK(has_problem(parsed, 1, "version", "required"));
  CHECK(has_problem(parsed, 1, "phases", "required"));
}

TEST_CASE("a key written twice is a problem on its second line") {
  const auto parsed = parse_buildspec(
      "version: 0.2\nphases:\n  build:\n    commands: [a]\n  build:\n"
      "    commands: [b]\n");
  CHECK(has_problem(parsed, 5, "phases.build", "first on line 3"));
}

TEST_CASE("text that is not YAML is reported with the line of the syntax error") {
  const auto parsed = parse_buildspec("version: 0.2\nphases:\n  build:\n    commands: [a\n");
  REQUIRE(parsed.problems.size() == 1);
  CHECK(parsed.problems[0].line >= 4);
  CHECK(parsed.problems[0].message.find("not valid YAML") != std::string::npos);
}

TEST_CASE("an oversized buildspec is refused before parsing") {
  const std::string huge = "version: 0.2\n#" + std::string(kMaxBuildspecBytes, 'x') + "\n";
  const auto parsed = parse_buildspec(huge);
  REQUIRE(parsed.problems.size() == 1);
  CHECK(parsed.problems[0].message.find("larger than") != std::string::npos);
}

TEST_CASE("artifact patterns may not leave the source directory") {
  const auto parsed = parse_buildspec(
      "version: 0.2\nphases:\n  build:\n    commands: [x]\nartifacts:\n  files:\n    - ../etc/*\n"
      "    - /abs\n  base-directory: ../up\n");
  CHECK(has_problem(parsed, 7, "artifacts.files", "inside the source"));
  CHECK(has_problem(parsed, 8, "artifacts.files", "inside the source"));
  CHECK(has_problem(parsed, 9, "artifacts.base-directory", "inside the source"));
}

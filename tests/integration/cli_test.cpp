// The `lockstep` command line as a user meets it: version, help, and usage errors.
#include <catch2/catch.hpp>

#include "lockstep/version.hpp"
#include "tests/integration/lockstep_process.hpp"

using namespace lockstep::testing;

TEST_CASE("lockstep version prints the version", "[cli]") {
  const auto result = run_lockstep({"version"});
  CHECK(result.status == 0);
  CHECK(result.out == std::string("lockstep ") + lockstep::kVersion + "\n");
  CHECK(result.err.empty());
}

TEST_CASE("lockstep --version prints the version too", "[cli]") {
  const auto result = run_lockstep({"--version"});
  CHECK(result.status == 0);
  CHECK(result.out == std::string("lockstep ") + lockstep::kVersion + "\n");
}

TEST_CASE("lockstep --help lists every command and every option", "[cli]") {
  for (const char* flag : {"--help", "-h"}) {
    const auto result = run_lockstep({flag});
    INFO(result.out);
    CHECK(result.status == 0);
    for (const char* word :
         {"usage: lockstep <command>", "serve", "validate FILE...", "version", "--config FILE",
          "--listen HOST:PORT", "--data-dir DIR", "--pipelines DIR", "--log-format FORMAT",
          "--log-level LEVEL", "-h, --help", "--version"}) {
      CHECK_THAT(result.out, Catch::Contains(word));
    }
  }
}

TEST_CASE("each command has its own help", "[cli]") {
  const auto serve = run_lockstep({"serve", "--help"});
  CHECK(serve.status == 0);
  CHECK_THAT(serve.out, Catch::StartsWith("usage: lockstep serve [options]\n"));
  for (const char* option :
       {"--config FILE", "--listen HOST:PORT", "--data-dir DIR", "--pipelines DIR",
        "--log-format FORMAT", "--log-level LEVEL", "-h, --help"}) {
    CHECK_THAT(serve.out, Catch::Contains(option));
  }

  const auto validate = run_lockstep({"validate", "-h"});
  CHECK(validate.status == 0);
  CHECK_THAT(validate.out, Catch::StartsWith("usage: lockstep validate FILE...\n"));
  CHECK_THAT(validate.out, Catch::Contains("-h, --help"));

  const auto version = run_lockstep({"version", "--help"});
  CHECK(version.status == 0);
  CHECK_THAT(version.out, Catch::StartsWith("usage: lockstep version\n"));
}

TEST_CASE("an unknown command is a usage error", "[cli]") {
  const auto result = run_lockstep({"frobnicate"});
  CHECK(result.status == 2);
  CHECK(result.out.empty());
  CHECK_THAT(result.err, Catch::Contains("unknown command 'frobnicate'"));
  CHECK_THAT(result.err, Catch::Contains("lockstep --help"));
}

TEST_CASE("no command at all is a usage error", "[cli]") {
  const auto result = run_lockstep({});
  CHECK(result.status == 2);
  CHECK_THAT(result.err, Catch::Contains("no command given"));
}

TEST_CASE("an unknown option is a usage error", "[cli]") {
  const auto program = run_lockstep({"--colour"});
  CHECK(program.status == 2);
  CHECK_THAT(program.err, Catch::Contains("unknown option '--colour'"));

  const auto serve = run_lockstep({"serve", "--colour=blue"});
  CHECK(serve.status == 2);
  CHECK_THAT(serve.err, Catch::Contains("unknown option '--colour' for serve"));
  CHECK_THAT(serve.err, Catch::Contains("lockstep serve --help"));
}

TEST_CASE("an option without its value is a usage error", "[cli]") {
  const auto result = run_lockstep({"serve", "--listen"});
  CHECK(result.status == 2);
  CHECK_THAT(result.err, Catch::Contains("option --listen needs a value (HOST:PORT)"));
}

TEST_CASE("validate without files is a usage error", "[cli]") {
  const auto result = run_lockstep({"validate"});
  CHECK(result.status == 2);
  CHECK_THAT(result.err, Catch::Contains("validate needs at least one FILE"));
}

TEST_CASE("commands without arguments refuse stray ones", "[cli]") {
  CHECK(run_lockstep({"version", "extra"}).status == 2);
  CHECK(run_lockstep({"serve", "extra"}).status == 2);
}

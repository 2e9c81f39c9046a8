// ProcessRunner with real processes: exit status, output to the log and followers, masking,
// environment and working directory.
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <cstdlib>
#include <string>
#include <vector>

#include "process_harness.hpp"

using namespace lockstep::executors::local;
using namespace lockstep::executors::local::testing;

TEST_CASE("exit codes and ending signals are reported") {
  const bool use_pidfd = GENERATE(true, false);
  INFO("use_pidfd " << use_pidfd);
  Harness h;
  ProcessRunner runner(h.io.get_executor(), nullptr, {.use_pidfd = use_pidfd});

  const ProcessResult ok = h.run(h.script("exit 0"), &runner);
  CHECK(ok.started);
  CHECK(ok.exit_code == 0);
  CHECK_FALSE(ok.signal);
  CHECK(ok.succeeded());
  CHECK(ok.duration.count() > 0);

  const ProcessResult three = h.run(h.script("exit 3"), &runner);
  CHECK(three.exit_code == 3);
  CHECK_FALSE(three.succeeded());
  CHECK_FALSE(three.timed_out);
  CHECK_FALSE(three.cancelled);

  const ProcessResult killed = h.run(h.script("kill -KILL $$"), &runner);
  CHECK_FALSE(killed.exit_code);
  CHECK(killed.signal == SIGKILL);
}

TEST_CASE("stdout and stderr land in the log file in the order they were written") {
  Harness h;
  const ProcessResult result =
      h.run(h.script("echo one; echo two >&2; echo three; echo four >&2; printf five"));
  CHECK(result.exit_code == 0);
  CHECK(h.log_text() == "one\ntwo\nthree\nfour\nfive");
}

TEST_CASE("ten MiB of output reach the log and a follower complete") {
  Harness h;
  std::string followed;
  h.log->follow({[&](std::string_view chunk) { followed += chunk; }, {}});
  ProcessSpec spec = h.script("head -c 10485760 /dev/urandom | tee data.bin");
  spec.secrets = {"not-in-random-data-0123456789"};  // exercises the masking path at volume
  const ProcessResult result = h.run(std::move(spec));
  CHECK(result.exit_code == 0);
  CHECK_FALSE(result.output_incomplete);

  const std::string written = read_file(h.dir / "data.bin");
  const std::string logged = h.log_text();
  REQUIRE(written.size() == 10485760);
  CHECK(logged.size() == written.size());
  CHECK(fnv1a(logged) == fnv1a(written));
  CHECK(followed.size() == written.size());
  CHECK(fnv1a(followed) == fnv1a(written));
}

TEST_CASE("a secret split across two writes is masked in the log and for followers") {
  Harness h;
  std::vector<std::string> chunks;
  h.log->follow({[&](std::string_view chunk) { chunks.emplace_back(chunk); }, {}});
  ProcessSpec spec = h.script(
      "printf 'a sup'; sleep 0.1; printf 'ersecret b\\n'; printf \"$TOKEN\"; printf ' and supe'");
  spec.environment["TOKEN"] = "supersecret";
  spec.secrets = {"supersecret"};
  const ProcessResult result = h.run(std::move(spec));
  CHECK(result.exit_code == 0);

  const std::string expected = "a *** b\n*** and supe";
  CHECK(h.log_text() == expected);
  std::string followed;
  for (const std::string& chunk : chunks) {
    CHECK(chunk.find("super") == std::string::npos);
    followed += chunk;
  }
  CHECK(followed == expected);
}

TEST_CASE("the environment holds only the variables given") {
  Harness h;
  ProcessSpec spec;
  spec.argv = {"env"};  // found through the given PATH, not the server's
  spec.environment = {{"PATH", "/usr/bin:/bin"}, {"ONLY", "1"}};
  spec.working_directory = h.dir.path();
  spec.log = h.log;
  REQUIRE(::getenv("PATH") != nullptr);
  const ProcessResult result = h.run(std::move(spec));
  CHECK(result.exit_code == 0);
  CHECK(h.log_text() == "ONLY=1\nPATH=/usr/bin:/bin\n");
}

TEST_CASE("allow-listed server variables are copied in and no others") {
  ::setenv("LOCKSTEP_TEST_ALLOWED", "yes", 1);
  ::setenv("LOCKSTEP_TEST_SECRET", "no", 1);
  ::setenv("HOME", "/root", 0);
  const std::vector<std::string> allowed = {"LOCKSTEP_TEST_ALLOWED", "LOCKSTEP_TEST_UNSET"};
  const Environment inherited = inherited_environment(allowed);
  CHECK(inherited == Environment{{"LOCKSTEP_TEST_ALLOWED", "yes"}});

  Harness h;
  ProcessSpec spec = h.script("env");
  spec.environment.insert(inherited.begin(), inherited.end());
  const ProcessResult result = h.run(std::move(spec));
  CHECK(result.exit_code == 0);
  const std::string text = h.log_text();
  CHECK(text.find("LOCKSTEP_TEST_ALLOWED=yes\n") != std::string::npos);
  CHECK(text.find("LOCKSTEP_TEST_SECRET") == std::string::npos);
  CHECK(text.find("HOME=") == std::string::npos);
  ::unsetenv("LOCKSTEP_TEST_ALLOWED");
  ::unsetenv("LOCKSTEP_TEST_SECRET");
}

TEST_CASE("the script is passed as one argument exactly as given") {
  Harness h;
  CHECK(shell_command(Shell::Bash, "x") == std::vector<std::string>{"/bin/bash", "-c", "x"});
  ProcessSpec spec = h.script("printf '%s|' \"$0\" \"$1\"");
  spec.argv.push_back("name; touch injected");
  spec.argv.push_back("$(touch injected)");
  const ProcessResult result = h.run(std::move(spec));
  CHECK(result.exit_code == 0);
  CHECK(h.log_text() == "name; touch injected|$(touch injected)|");
  CHECK_FALSE(std::filesystem::exists(h.dir / "injected"));
}

TEST_CASE("the working directory is honoured") {
  Harness h;
  std::filesystem::create_directories(h.dir / "work");
  ProcessSpec spec = h.script("pwd; echo made > here.txt");
  spec.working_directory = h.dir / "work";
  const ProcessResult result = h.run(std::move(spec));
  CHECK(result.exit_code == 0);
  CHECK(h.log_text() == std::filesystem::canonical(h.dir / "work").string() + "\n");
  CHECK(read_file(h.dir / "work" / "here.txt") == "made\n");
}

TEST_CASE("a missing working directory or program fails to start with a reason") {
  Harness h;
  ProcessSpec no_dir = h.script("true");
  no_dir.working_directory = h.dir / "missing";
  const ProcessResult dir_result = h.run(std::move(no_dir));
  CHECK_FALSE(dir_result.started);
  CHECK_FALSE(dir_result.exit_code);
  CHECK(dir_result.error.find("missing") != std::string::npos);

  ProcessSpec no_program = h.script("");
  no_program.argv = {h.dir.path().string() + "/no-such-program"};
  const ProcessResult program_result = h.run(std::move(no_program));
  CHECK_FALSE(program_result.started);
  CHECK(program_result.error.find("no-such-program") != std::string::npos);

  ProcessSpec bad_name = h.script("true");
  bad_name.environment["A=B"] = "x";
  CHECK_FALSE(h.run(std::move(bad_name)).started);
}

TEST_CASE("descriptors the server left open do not reach the child") {
  Harness h;
  const int opened = ::open("/dev/null", O_RDONLY);  // deliberately without O_CLOEXEC
  const int leaked = ::fcntl(opened, F_DUPFD, 100);
  ::close(opened);
  REQUIRE(leaked >= 100);
  const ProcessResult result = h.run(
      h.script("[ -e /proc/$$/fd/" + std::to_string(leaked) + " ] && echo leaked || echo closed"));
  ::close(leaked);
  CHECK(result.exit_code == 0);
  CHECK(h.log_text() == "closed\n");
}

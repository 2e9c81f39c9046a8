// ProcessRunner ending processes: timeouts and cancel kill the whole tree, leftovers die with
// the action, and the slot limit queues runs.
#include <signal.h>

#include <catch2/catch.hpp>

#include <chrono>
#include <future>
#include <string>
#include <thread>
#include <vector>

#include "process_harness.hpp"

using namespace lockstep::executors::local;
using namespace lockstep::executors::local::testing;
using namespace std::chrono_literals;

namespace {

// The leader and a grandchild both ignore SIGTERM; the grandchild records its pid first.
const char* const stubborn_tree =
    "trap '' TERM\n"
    "sh -c 'echo $$ > grandchild.pid; echo ready; exec sleep 300' &\n"
    "wait\n";

}  // namespace

TEST_CASE("a timeout kills the whole tree including children that ignore SIGTERM") {
  Harness h;
  ProcessSpec spec = h.script(stubborn_tree);
  spec.timeout = 2s;
  spec.kill_grace = 200ms;
  const ProcessResult result = h.run(std::move(spec));
  CHECK(result.started);
  CHECK(result.timed_out);
  CHECK_FALSE(result.cancelled);
  CHECK(result.signal == SIGKILL);
  CHECK_FALSE(result.succeeded());
  const pid_t grandchild = read_pid(h.dir / "grandchild.pid");
  REQUIRE(grandchild > 0);
  CHECK(process_ends(grandchild));
  CHECK(h.log_text() == "ready\n");
}

TEST_CASE("a timeout ends a process that honours SIGTERM without waiting for the grace period") {
  const bool use_pidfd = GENERATE(true, false);
  INFO("use_pidfd " << use_pidfd);
  Harness h;
  ProcessRunner runner(h.io.get_executor(), nullptr, {.use_pidfd = use_pidfd});
  ProcessSpec spec = h.script("sleep 300");
  spec.timeout = 200ms;
  spec.kill_grace = 300s;  // the test would hang if SIGKILL were needed
  const ProcessResult result = h.run(std::move(spec), &runner);
  CHECK(result.timed_out);
  CHECK(result.signal == SIGTERM);
}

TEST_CASE("cancel from another thread kills the whole tree") {
  Harness h;
  std::promise<void> ready;
  bool announced = false;
  h.log->follow({[&](std::string_view chunk) {
                   if (!announced && chunk.find("ready") != std::string_view::npos) {
                     announced = true;
                     ready.set_value();
                   }
                 },
                 {}});
  std::promise<ProcessResult> finished;
  ProcessSpec spec = h.script(stubborn_tree);
  spec.kill_grace = 200ms;
  const ProcessHandle handle =
      h.runner.run(std::move(spec), [&](ProcessResult result) { finished.set_value(result); });
  std::thread io_thread([&] { h.io.run_for(60s); });

  const bool was_ready = ready.get_future().wait_for(30s) == std::future_status::ready;
  handle.cancel();  // also what ends the run when the test has already failed
  auto result_future = finished.get_future();
  const bool was_finished = result_future.wait_for(30s) == std::future_status::ready;
  io_thread.join();
  REQUIRE(was_ready);
  REQUIRE(was_finished);

  const ProcessResult result = result_future.get();
  CHECK(result.cancelled);
  CHECK_FALSE(result.timed_out);
  CHECK(result.signal == SIGKILL);
  CHECK(process_ends(read_pid(h.dir / "grandchild.pid")));
  handle.cancel();  // after the end: nothing happens
}

TEST_CASE("background leftovers are killed when the script exits") {
  Harness h;
  const ProcessResult result = h.run(h.script("sleep 300 & echo $! > leftover.pid; exit 0"));
  CHECK(result.exit_code == 0);
  CHECK_FALSE(result.output_incomplete);
  CHECK(process_ends(read_pid(h.dir / "leftover.pid")));
}

TEST_CASE("a process that escapes the group cannot hold the run open past the drain period") {
  Harness h;
  // setsid leaves the group while still holding the output pipe; the fifo tells the script
  // when that has happened.
  ProcessSpec spec = h.script(
      "mkfifo escaped.fifo\n"
      "setsid sh -c 'echo $$ > escaped.fifo; exec sleep 300' &\n"
      "read pid < escaped.fifo; echo $pid > escaped.pid\n");
  spec.output_drain = 300ms;
  const ProcessResult result = h.run(std::move(spec));
  const pid_t escaped = read_pid(h.dir / "escaped.pid");
  if (escaped > 0) ::kill(escaped, SIGKILL);
  CHECK(result.exit_code == 0);
  CHECK(result.output_incomplete);
  REQUIRE(escaped > 0);
}

TEST_CASE("with one slot runs go one after the other in the order they were started") {
  Harness h;
  ActionSlots slots(1);
  ProcessRunner runner(h.io.get_executor(), &slots);
  std::vector<int> finished;
  for (int i = 1; i <= 3; ++i) {
    ProcessSpec spec =
        h.script("echo \"start $N\" >> \"$ORDER\"; sleep 0.2; echo \"end $N\" >> \"$ORDER\"");
    spec.environment["N"] = std::to_string(i);
    spec.environment["ORDER"] = (h.dir / "order.txt").string();
    runner.run(std::move(spec), [&finished, i](ProcessResult result) {
      CHECK(result.exit_code == 0);
      finished.push_back(i);
    });
  }
  h.io.run_for(60s);
  CHECK(finished == std::vector<int>{1, 2, 3});
  CHECK(read_file(h.dir / "order.txt") == "start 1\nend 1\nstart 2\nend 2\nstart 3\nend 3\n");
  CHECK(slots.running() == 0);
}

TEST_CASE("a run cancelled while waiting for a slot never starts and frees its place") {
  Harness h;
  ActionSlots slots(1);
  ProcessRunner runner(h.io.get_executor(), &slots);
  std::vector<std::string> events;

  ProcessHandle waiting;
  ProcessHandle blocking;
  h.log->follow({[&](std::string_view chunk) {
                   if (chunk.find("ready") != std::string_view::npos) waiting.cancel();
                 },
                 {}});
  blocking = runner.run(h.script("echo ready; exec sleep 300"), [&](ProcessResult result) {
    events.push_back(result.cancelled ? "blocking cancelled" : "blocking ended");
  });
  waiting = runner.run(h.script("touch started.marker"), [&](ProcessResult result) {
    events.push_back(result.started ? "waiting started" : "waiting cancelled");
    blocking.cancel();
  });
  runner.run(h.script("echo last"), [&](ProcessResult result) {
    events.push_back(result.exit_code == 0 ? "last ran" : "last failed");
  });
  h.io.run_for(60s);
  CHECK(events == std::vector<std::string>{"waiting cancelled", "blocking cancelled", "last ran"});
  CHECK_FALSE(std::filesystem::exists(h.dir / "started.marker"));
  CHECK(slots.running() == 0);
}

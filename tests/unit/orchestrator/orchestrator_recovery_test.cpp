// Crash recovery on real SQLite files: the process dies between commit and dispatch, or while an
// action runs, or while a person decides an approval; a new process over the same file must
// leave nothing InProgress without something that will move it on.
#include <catch2/catch.hpp>

#include <set>

#include "tests/support/temp_dir.hpp"
#include "tests/unit/orchestrator/orchestrator_world.hpp"

namespace lockstep::testing {
namespace {

using engine::ActionCategory;
using engine::ActionOutcome;
using engine::ExecutionMode;
using engine::ExecutionPosition;
using engine::StageExecutionStatus;
using engine::testing::fixture_f;
using engine::testing::PipelineBuilder;

constexpr engine::Timestamp kStart = 1'700'000'000'000;
const char* const kInterrupted = "interrupted by server restart";

// After recovery every running execution has something that will move it on: an attempt an
// executor holds, a place in a stage's waiting line, or a pending timer; and no stage lock is
// held by a finished execution.
void check_nothing_stranded(World& world) {
  const engine::EngineState s = world.state();
  std::set<std::string> held;
  for (const auto& a : world.executor.started()) held.insert(a.actionExecutionId);
  for (const auto& [name, p] : s.pipelines) {
    for (const auto& [stage, st] : p.stages) {
      if (st.lockHolder.empty()) continue;
      INFO("stage " << stage << " lock holder " << st.lockHolder);
      REQUIRE(p.executions.count(st.lockHolder));
      CHECK_FALSE(engine::is_terminal(p.executions.at(st.lockHolder).status));
    }
    for (const auto& [id, e] : p.executions) {
      if (engine::is_terminal(e.status)) continue;
      bool moving = false;
      for (const auto& a : e.actionExecutions) {
        moving = moving || (a.status == ActionExecutionStatus::InProgress &&
                            (held.count(a.actionExecutionId) || !a.token.empty()));
      }
      for (const auto& [stage, st] : p.stages) {
        for (const auto& w : st.inboundExecutions) moving = moving || w == id;
        for (const auto& w : st.heldExecutions) moving = moving || w == id;
      }
      for (const auto& [timer_id, t] : s.timers) moving = moving || t.pipelineExecutionId == id;
      INFO("execution " << id);
      CHECK(moving);
    }
  }
}

TEST_CASE("an action committed but never handed to an executor fails as interrupted") {
  TempDir dir;
  engine::ManualClock clock(kStart);
  std::string id;
  {
    World world(dir / "lockstep.db", clock);
    world.boot();
    world.put_pipeline(fixture_f());
    id = world.start_execution();
    world.executor.dead = true;  // the process dies right after the next commit
    REQUIRE(world.executor.complete("src"));
    world.serial.run();
    world.crash();
  }
  World restarted(dir / "lockstep.db", clock);
  restarted.boot();
  const ActionExecution a1 = restarted.attempt(id, "a1");
  CHECK(a1.status == ActionExecutionStatus::Failed);
  CHECK(a1.summary == kInterrupted);
  const PipelineExecution e = restarted.execution(id);
  CHECK(e.status == PipelineExecutionStatus::Failed);
  CHECK(e.stageExecutions[1].status == StageExecutionStatus::Failed);
  CHECK(restarted.executor.started().empty());
  check_nothing_stranded(restarted);
}

TEST_CASE("an action running when the process died fails as interrupted and its stage retries") {
  TempDir dir;
  engine::ManualClock clock(kStart);
  std::string id;
  std::string first_attempt;
  {
    World world(dir / "lockstep.db", clock);
    world.boot();
    world.put_pipeline(fixture_f());
    id = world.start_execution();
    world.complete("src");
    REQUIRE(world.executor.is_running("a1"));  // handed over: the work is under way
    first_attempt = world.attempt(id, "a1").actionExecutionId;
    world.crash();
  }
  World restarted(dir / "lockstep.db", clock);
  restarted.boot();
  CHECK(restarted.attempt(id, "a1").summary == kInterrupted);
  CHECK(restarted.execution(id).status == PipelineExecutionStatus::Failed);
  check_nothing_stranded(restarted);

  const Decision retry =
      restarted.submit(engine::RetryStage{"P", "A", id, engine::StageRetryMode::FailedActions});
  REQUIRE(retry.accepted());
  REQUIRE(restarted.executor.is_running("a1"));
  CHECK(restarted.attempt(id, "a1").actionExecutionId != first_attempt);
  for (const char* action : {"a1", "b1", "c1"}) restarted.complete(action);
  CHECK(restarted.execution(id).status == PipelineExecutionStatus::Succeeded);
}

TEST_CASE("a resumable action is handed over again after a restart and finishes the execution") {
  TempDir dir;
  engine::ManualClock clock(kStart);
  std::string id;
  std::string attempt_id;
  const auto remote = [](const engine::StartAction& a) { return a.action.name == "a1"; };
  for (const bool before_dispatch : {true, false}) {
    DYNAMIC_SECTION("process died " << (before_dispatch ? "before" : "after") << " dispatch") {
      {
        World world(dir / "lockstep.db", clock);
        world.boot();
        world.put_pipeline(fixture_f());
        id = world.start_execution();
        if (before_dispatch) world.executor.dead = true;
        REQUIRE(world.executor.complete("src"));
        world.serial.run();
        attempt_id = world.attempt(id, "a1").actionExecutionId;
        world.crash();
      }
      World restarted(dir / "lockstep.db", clock);
      restarted.executor.resumable = remote;
      restarted.boot();
      const auto started = restarted.executor.started();
      REQUIRE(started.size() == 1);
      CHECK(started[0].actionExecutionId == attempt_id);
      CHECK(restarted.attempt(id, "a1").status == ActionExecutionStatus::InProgress);
      check_nothing_stranded(restarted);
      for (const char* action : {"a1", "b1", "c1"}) restarted.complete(action);
      CHECK(restarted.execution(id).status == PipelineExecutionStatus::Succeeded);
    }
  }
}

TEST_CASE("an approval waiting for a person survives a restart and its token still answers it") {
  TempDir dir;
  engine::ManualClock clock(kStart);
  PipelineBuilder b("P");
  b.stage("Source").source("src").stage("Gate").approval("ap").stage("Deploy").action("d1");
  std::string id;
  std::string token;
  {
    World world(dir / "lockstep.db", clock);
    world.boot();
    world.put_pipeline(b.build());
    id = world.start_execution();
    world.complete("src");
    token = world.attempt(id, "ap").token;
    REQUIRE_FALSE(token.empty());
    world.crash();
  }
  World restarted(dir / "lockstep.db", clock);
  restarted.boot();
  CHECK(restarted.attempt(id, "ap").status == ActionExecutionStatus::InProgress);
  check_nothing_stranded(restarted);
  const Decision d = restarted.submit(engine::ApprovalResult{
      "P", "Gate", "ap", token, engine::ApprovalStatus::Approved, "ship it", "pm@example.com"});
  REQUIRE(d.accepted());
  restarted.complete("d1");
  CHECK(restarted.execution(id).status == PipelineExecutionStatus::Succeeded);
}

// Source -> Gate (an approval with a 5-minute timeout) -> Deploy; one execution left waiting at
// the approval when the process dies. Returns the execution id.
std::string crash_while_approval_waits(const std::filesystem::path& database,
                                       engine::ManualClock& clock) {
  PipelineBuilder b("P");
  b.stage("Source").source("src").stage("Gate").approval("ap", 1, 5).stage("Deploy").action("d1");
  World world(database, clock);
  world.boot();
  world.put_pipeline(b.build());
  const std::string id = world.start_execution();
  world.complete("src");
  CHECK(world.serial.pending_timers() == 1);
  world.crash();
  return id;
}

TEST_CASE("an approval timeout armed before a restart still fires after it") {
  TempDir dir;
  engine::ManualClock clock(kStart);
  const std::string id = crash_while_approval_waits(dir / "lockstep.db", clock);
  clock.advance(60'000);  // the server was down for a minute
  World restarted(dir / "lockstep.db", clock);
  restarted.boot();
  CHECK(restarted.serial.pending_timers() == 1);
  CHECK(restarted.attempt(id, "ap").status == ActionExecutionStatus::InProgress);
  restarted.serial.advance(4 * 60'000 + 1);
  const ActionExecution ap = restarted.attempt(id, "ap");
  CHECK(ap.status == ActionExecutionStatus::Failed);
  CHECK(restarted.execution(id).status == PipelineExecutionStatus::Failed);
}

TEST_CASE("a timer that came due while the server was down fires at once after recovery") {
  TempDir dir;
  engine::ManualClock clock(kStart);
  const std::string id = crash_while_approval_waits(dir / "lockstep.db", clock);
  clock.advance(60 * 60'000);  // down for an hour: late rather than never
  World restarted(dir / "lockstep.db", clock);
  restarted.boot();
  restarted.serial.advance(0);
  CHECK(restarted.attempt(id, "ap").status == ActionExecutionStatus::Failed);
}

TEST_CASE("superseded waiting and running executions come back in their places after a crash") {
  TempDir dir;
  engine::ManualClock clock(kStart);
  std::string e1;
  std::string e2;
  std::string e3;
  {
    World world(dir / "lockstep.db", clock);
    world.boot();
    world.put_pipeline(fixture_f(ExecutionMode::Superseded));
    e1 = world.start_execution();
    world.complete("src");  // E1 runs a1 in A
    e2 = world.start_execution();
    world.complete("src");  // E2 waits to enter A
    e3 = world.start_execution();
    world.crash();  // E3's source action was running
  }
  World restarted(dir / "lockstep.db", clock);
  restarted.boot();
  check_nothing_stranded(restarted);
  // E1's a1 and E3's src died with the process; E2 is admitted to A once E1 leaves it.
  CHECK(restarted.execution(e1).status == PipelineExecutionStatus::Failed);
  CHECK(restarted.execution(e3).status == PipelineExecutionStatus::Failed);
  const PipelineExecution waiting = restarted.execution(e2);
  CHECK(waiting.status == PipelineExecutionStatus::InProgress);
  CHECK(waiting.position == ExecutionPosition::InsideStage);
  CHECK(restarted.executor.is_running("a1"));
  restarted.complete("a1");
  restarted.complete("b1");
  restarted.complete("c1");
  CHECK(restarted.execution(e2).status == PipelineExecutionStatus::Succeeded);
}

TEST_CASE("reopening a database with executions in every status changes only interrupted work") {
  TempDir dir;
  engine::ManualClock clock(kStart);
  PipelineBuilder p("P");
  p.mode(ExecutionMode::Parallel);
  p.stage("Source").source("src").stage("Gate").approval("ap").stage("Build").action("b1");
  PipelineBuilder q("Q");
  q.stage("Source").source("src").stage("A").action("a1").stage("B").action("b1");
  std::map<std::string, PipelineExecution> before;
  std::string succeeded, failed, abandoned, waiting, stopping;  // in P (PARALLEL)
  std::string running, superseded, cancelled;                   // in Q (SUPERSEDED)
  {
    World world(dir / "lockstep.db", clock);
    world.boot();
    world.put_pipeline(p.build());
    world.put_pipeline(q.build());
    auto answer = [&](const std::string& id, engine::ApprovalStatus status) {
      const std::string token = world.attempt(id, "ap").token;
      REQUIRE(world.submit(engine::ApprovalResult{"P", "Gate", "ap", token, status, "", "pm"})
                  .accepted());
    };
    succeeded = world.start_execution();
    world.complete("src");
    answer(succeeded, engine::ApprovalStatus::Approved);
    world.complete("b1");
    failed = world.start_execution();
    world.complete("src");
    answer(failed, engine::ApprovalStatus::Rejected);
    abandoned = world.start_execution();
    world.complete("src");
    REQUIRE(world.submit(engine::StopExecution{"P", abandoned, true, "abandon"}).accepted());
    waiting = world.start_execution();
    world.complete("src");
    stopping = world.start_execution();
    world.complete("src");
    answer(stopping, engine::ApprovalStatus::Approved);
    REQUIRE(world.submit(engine::StopExecution{"P", stopping, false, "wait"}).accepted());

    running = world.start_execution("Q");
    world.complete("src");  // runs a1 in A
    superseded = world.start_execution("Q");
    world.complete("src");  // waits to enter A
    cancelled = world.start_execution("Q");
    world.complete("src");  // supersedes the waiter, waits itself
    world.put_pipeline(PipelineBuilder(q).variable("Color", "blue").build());  // cancels it
    const engine::EngineState s = world.state();
    for (const char* name : {"P", "Q"}) {
      for (const auto& [id, e] : s.pipelines.at(name).executions) before[id] = e;
    }
    world.crash();
  }
  CHECK(before.at(succeeded).status == PipelineExecutionStatus::Succeeded);
  CHECK(before.at(failed).status == PipelineExecutionStatus::Failed);
  CHECK(before.at(abandoned).status == PipelineExecutionStatus::Stopped);
  CHECK(before.at(waiting).status == PipelineExecutionStatus::InProgress);
  CHECK(before.at(stopping).status == PipelineExecutionStatus::Stopping);
  CHECK(before.at(running).status == PipelineExecutionStatus::InProgress);
  CHECK(before.at(superseded).status == PipelineExecutionStatus::Superseded);
  CHECK(before.at(cancelled).status == PipelineExecutionStatus::Cancelled);

  World restarted(dir / "lockstep.db", clock);
  restarted.boot();
  for (const std::string& id : {succeeded, failed, abandoned, waiting}) {
    INFO("execution " << id);
    CHECK(restarted.execution(id) == before.at(id));
  }
  for (const std::string& id : {superseded, cancelled}) {
    INFO("execution " << id);
    CHECK(restarted.execution(id, "Q") == before.at(id));
  }
  // Work that died: the stop-and-wait execution was waiting for b1, so it ends Stopped; Q's
  // running execution was to be cancelled by the update once a1 ended, so it ends Cancelled.
  CHECK(restarted.attempt(stopping, "b1").summary == kInterrupted);
  CHECK(restarted.execution(stopping).status == PipelineExecutionStatus::Stopped);
  CHECK(restarted.attempt(running, "a1", "Q").summary == kInterrupted);
  CHECK(restarted.execution(running, "Q").status == PipelineExecutionStatus::Cancelled);
  check_nothing_stranded(restarted);

  // A second restart finds nothing left to recover: everything reads back unchanged.
  const engine::EngineState settled = restarted.state();
  restarted.crash();
  World again(dir / "lockstep.db", clock);
  again.boot();
  for (const char* name : {"P", "Q"}) {
    for (const auto& [id, e] : settled.pipelines.at(name).executions) {
      CHECK(again.execution(id, name) == e);
    }
  }
  REQUIRE(again.executor.started().size() == 1);  // the approval still waiting for a person
  CHECK(again.executor.started()[0].pipelineExecutionId == waiting);
}

TEST_CASE("a start repeated with its client request token after a restart names the same run") {
  TempDir dir;
  engine::ManualClock clock(kStart);
  engine::StartExecution start;
  start.pipelineName = "P";
  start.trigger = {"StartPipelineExecution", "test"};
  start.clientRequestToken = "deploy-42";
  std::string first;
  {
    World world(dir / "lockstep.db", clock);
    world.boot();
    world.put_pipeline(fixture_f(ExecutionMode::Parallel));
    first = world.submit(start).pipelineExecutionId;
    CHECK(world.submit(start).pipelineExecutionId == first);  // repeated before the restart
    world.crash();
  }
  World restarted(dir / "lockstep.db", clock);
  restarted.boot();
  const Decision again = restarted.submit(start);
  REQUIRE(again.accepted());
  CHECK(again.pipelineExecutionId == first);
  CHECK(restarted.state().pipelines.at("P").executions.size() == 1);
}

}  // namespace
}  // namespace lockstep::testing

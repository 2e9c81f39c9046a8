// An Executor whose outcomes the test decides: it remembers every attempt it was handed and
// reports back only when told to. Also a Notifier that records events.
#pragma once

#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "engine/executor.hpp"
#include "engine/notifier.hpp"

namespace lockstep::testing {

class FakeExecutor final : public engine::Executor {
 public:
  void start(const engine::StartAction& action, engine::CompletionHandler done) override;
  void cancel(const engine::CancelAction& cancel) override;
  bool resumes(const engine::StartAction& action) const override;

  // Which attempts outlive a restart; by default manual approvals do, nothing else.
  std::function<bool(const engine::StartAction&)> resumable;
  // Called with every attempt as it is handed over, before it is recorded.
  std::function<void(const engine::StartAction&)> onStart;
  // The process is dying: attempts handed over from now on are lost without a trace.
  bool dead = false;

  // Reports the running attempt of `actionName` (the oldest one if several); false when none.
  // A source's `variables` may name a CommitId: its outputs then carry that revision, as the Git
  // source executor's do.
  bool complete(const std::string& actionName,
                engine::ActionOutcome outcome = engine::ActionOutcome::Succeeded,
                const std::string& summary = {}, engine::VariableValues variables = {});
  bool is_running(const std::string& actionName) const;
  std::size_t running() const;
  // Every attempt ever handed over, in order, and every cancel.
  std::vector<engine::StartAction> started() const;
  std::vector<engine::CancelAction> cancelled() const;

 private:
  struct Running {
    engine::StartAction action;
    engine::CompletionHandler done;
  };
  mutable std::mutex mutex_;
  std::vector<Running> running_;
  std::vector<engine::StartAction> started_;
  std::vector<engine::CancelAction> cancelled_;
};

class RecordingNotifier final : public engine::Notifier {
 public:
  void notify(const engine::Notify& event) override;
  std::vector<engine::Notify> events() const;

 private:
  mutable std::mutex mutex_;
  std::vector<engine::Notify> events_;
};

}  // namespace lockstep::testing

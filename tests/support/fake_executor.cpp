#include "tests/support/fake_executor.hpp"

#include <algorithm>

namespace lockstep::testing {

void FakeExecutor::start(const engine::StartAction& action, engine::CompletionHandler done) {
  if (dead) return;
  if (onStart) onStart(action);
  std::lock_guard lock(mutex_);
  started_.push_back(action);
  // Approvals are answered by ApprovalResult, never by the executor.
  if (action.action.actionTypeId.category == engine::ActionCategory::Approval) return;
  running_.push_back({action, std::move(done)});
}

void FakeExecutor::cancel(const engine::CancelAction& cancel) {
  std::lock_guard lock(mutex_);
  cancelled_.push_back(cancel);
  std::erase_if(running_, [&](const Running& r) {
    return r.action.actionExecutionId == cancel.actionExecutionId;
  });
}

bool FakeExecutor::resumes(const engine::StartAction& action) const {
  if (resumable) return resumable(action);
  return action.action.actionTypeId.category == engine::ActionCategory::Approval;
}

bool FakeExecutor::complete(const std::string& actionName, engine::ActionOutcome outcome,
                            const std::string& summary, engine::VariableValues variables) {
  Running r;
  {
    std::lock_guard lock(mutex_);
    auto it = std::find_if(running_.begin(), running_.end(),
                           [&](const Running& x) { return x.action.action.name == actionName; });
    if (it == running_.end()) return false;
    r = std::move(*it);
    running_.erase(it);
  }
  engine::ActionCompleted c;
  c.pipelineName = r.action.pipelineName;
  c.pipelineExecutionId = r.action.pipelineExecutionId;
  c.actionExecutionId = r.action.actionExecutionId;
  c.outcome = outcome;
  c.summary = summary;
  auto commit = variables.find("CommitId");
  const std::string revision = commit == variables.end() ? "" : commit->second;
  for (const auto& output : r.action.action.outputArtifacts) {
    c.outputArtifacts.push_back({output.name, "artifacts/" + output.name, revision, ""});
  }
  c.outputVariables = std::move(variables);
  r.done(std::move(c));
  return true;
}

bool FakeExecutor::is_running(const std::string& actionName) const {
  std::lock_guard lock(mutex_);
  return std::any_of(running_.begin(), running_.end(),
                     [&](const Running& x) { return x.action.action.name == actionName; });
}

std::size_t FakeExecutor::running() const {
  std::lock_guard lock(mutex_);
  return running_.size();
}

std::vector<engine::StartAction> FakeExecutor::started() const {
  std::lock_guard lock(mutex_);
  return started_;
}

std::vector<engine::CancelAction> FakeExecutor::cancelled() const {
  std::lock_guard lock(mutex_);
  return cancelled_;
}

void RecordingNotifier::notify(const engine::Notify& event) {
  std::lock_guard lock(mutex_);
  events_.push_back(event);
}

std::vector<engine::Notify> RecordingNotifier::events() const {
  std::lock_guard lock(mutex_);
  return events_;
}

}  // namespace lockstep::testing

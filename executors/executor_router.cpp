// Routing by "Owner/Provider": the category is fixed by the provider in CodePipeline's catalogue.
#include "executors/executor_router.hpp"

namespace lockstep::executors {
namespace {

std::string key(engine::ActionOwner owner, const std::string& provider) {
  return std::string(engine::to_string(owner)) + "/" + provider;
}

}  // namespace

void ExecutorRouter::route(engine::ActionOwner owner, const std::string& provider,
                           engine::Executor& executor) {
  routes_[key(owner, provider)] = &executor;
}

engine::Executor* ExecutorRouter::find(const engine::ActionTypeId& type) const {
  auto it = routes_.find(key(type.owner, type.provider));
  return it == routes_.end() ? nullptr : it->second;
}

void ExecutorRouter::start(const engine::StartAction& action, engine::CompletionHandler done) {
  engine::Executor* executor = find(action.action.actionTypeId);
  if (executor == nullptr) {
    if (action.action.actionTypeId.category == engine::ActionCategory::Approval) return;
    engine::ActionCompleted failed;
    failed.pipelineName = action.pipelineName;
    failed.pipelineExecutionId = action.pipelineExecutionId;
    failed.actionExecutionId = action.actionExecutionId;
    failed.outcome = engine::ActionOutcome::Failed;
    failed.summary = "No executor on this server runs " +
                     key(action.action.actionTypeId.owner, action.action.actionTypeId.provider) +
                     " actions; configure one in the server's executors settings";
    failed.errorDetails = engine::ErrorDetails{"ConfigurationError", failed.summary};
    done(std::move(failed));
    return;
  }
  {
    std::lock_guard lock(mutex_);
    running_[action.actionExecutionId] = executor;
  }
  executor->start(action, [this, id = action.actionExecutionId,
                           done = std::move(done)](engine::ActionCompleted completed) {
    {
      std::lock_guard lock(mutex_);
      running_.erase(id);
    }
    done(std::move(completed));
  });
}

void ExecutorRouter::cancel(const engine::CancelAction& cancel) {
  engine::Executor* executor = nullptr;
  {
    std::lock_guard lock(mutex_);
    auto it = running_.find(cancel.actionExecutionId);
    if (it == running_.end()) return;  // already ended, or never ran here
    executor = it->second;
    running_.erase(it);
  }
  executor->cancel(cancel);
}

bool ExecutorRouter::resumes(const engine::StartAction& action) const {
  const engine::Executor* executor = find(action.action.actionTypeId);
  if (executor != nullptr) return executor->resumes(action);
  // Nothing ran it here, so nothing died with the process: a person still answers an approval.
  return action.action.actionTypeId.category == engine::ActionCategory::Approval;
}

}  // namespace lockstep::executors

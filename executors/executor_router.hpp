// Which executor serves an action: one per action type (owner and provider), as the server's
// configuration chooses, so the same pipeline runs AWS/CodeBuild locally or on AWS.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <unordered_map>

#include "engine/executor.hpp"

namespace lockstep::executors {

class ExecutorRouter final : public engine::Executor {
 public:
  // `executor` must outlive the router. A later route for the same type replaces the earlier.
  void route(engine::ActionOwner owner, const std::string& provider, engine::Executor& executor);

  // An action type nobody serves fails at once with a sentence naming it; a manual approval
  // with no approval executor simply waits for PutApprovalResult.
  void start(const engine::StartAction& action, engine::CompletionHandler done) override;
  void cancel(const engine::CancelAction& cancel) override;
  bool resumes(const engine::StartAction& action) const override;

 private:
  engine::Executor* find(const engine::ActionTypeId& type) const;

  std::map<std::string, engine::Executor*> routes_;  // "Owner/Provider" -> executor
  std::mutex mutex_;
  // Running attempt -> the executor that has it, so a cancel reaches the right one.
  std::unordered_map<std::string, engine::Executor*> running_;
};

}  // namespace lockstep::executors

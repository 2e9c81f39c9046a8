#include "executors/local/codedeploy_executor.hpp"

#include <boost/asio/post.hpp>

#include <utility>

#include "executors/local/local_deployment.hpp"

namespace lockstep::executors::local {

namespace fs = std::filesystem;

namespace {

engine::ActionCompleted report_for(const engine::StartAction& action) {
  engine::ActionCompleted report;
  report.pipelineName = action.pipelineName;
  report.pipelineExecutionId = action.pipelineExecutionId;
  report.actionExecutionId = action.actionExecutionId;
  return report;
}

std::string configuration_value(const engine::StartAction& action, const std::string& key) {
  const auto it = action.resolvedConfiguration.find(key);
  return it == action.resolvedConfiguration.end() ? "" : it->second;
}

}  // namespace

CodeDeployExecutor::CodeDeployExecutor(boost::asio::any_io_executor executor, ProcessRunner& runner,
                                       const Workspace& workspace, CodeDeployOptions options)
    : executor_(std::move(executor)),
      runner_(runner),
      workspace_(workspace),
      options_(std::move(options)) {}

CodeDeployExecutor::~CodeDeployExecutor() = default;

void CodeDeployExecutor::start(const engine::StartAction& action, engine::CompletionHandler done) {
  const std::string group = configuration_value(action, "DeploymentGroupName");
  const std::string application = configuration_value(action, "ApplicationName");
  const auto found = options_.groups.find(group);
  if (found == options_.groups.end()) {
    engine::ActionCompleted report = report_for(action);
    report.outcome = engine::ActionOutcome::Failed;
    report.summary = "No deployment group " + group +
                     " is configured on this server (set deploy.groups." + group + ".root)";
    report.errorDetails = engine::ErrorDetails{"ConfigurationError", report.summary};
    done(std::move(report));
    return;
  }
  const auto app = found->second.application_roots.find(application);
  const fs::path root =
      fs::absolute(app != found->second.application_roots.end() ? app->second : found->second.root)
          .lexically_normal();

  auto deployment = std::make_shared<LocalDeployment>(
      executor_, runner_, workspace_, options_, action, root,
      [this, id = action.actionExecutionId, root, done](engine::ActionCompleted report) {
        {
          std::lock_guard lock(mutex_);
          running_.erase(id);
          busy_roots_.erase(root);
        }
        done(std::move(report));
      });
  bool busy = false;
  {
    std::lock_guard lock(mutex_);
    busy = !busy_roots_.insert(root).second;
    if (!busy) running_[action.actionExecutionId] = deployment;
  }
  if (busy) {
    engine::ActionCompleted report = report_for(action);
    report.outcome = engine::ActionOutcome::Failed;
    report.summary = "Another deployment to " + root.string() + " (deployment group " + group +
                     ") is in progress";
    report.errorDetails = engine::ErrorDetails{"JobFailed", report.summary};
    done(std::move(report));
    return;
  }
  boost::asio::post(executor_, [deployment] { deployment->begin(); });
}

void CodeDeployExecutor::cancel(const engine::CancelAction& cancel) {
  std::shared_ptr<LocalDeployment> deployment;
  {
    std::lock_guard lock(mutex_);
    const auto it = running_.find(cancel.actionExecutionId);
    if (it == running_.end()) return;
    deployment = it->second;
  }
  deployment->cancel();
}

}  // namespace lockstep::executors::local

#include "executors/local/build_attempt.hpp"

#include <stdexcept>

#include <boost/asio/post.hpp>

#include "executors/local/buildspec_artifacts.hpp"
#include "executors/local/secret_masker.hpp"

namespace lockstep::executors::local {

namespace fs = std::filesystem;

namespace {

// SEMANTICS §13.3: one action's output variables may hold at most this many bytes.
constexpr std::size_t kMaxOutputVariableBytes = 122880;

std::string masked(const std::vector<std::string>& secrets, const std::string& text) {
  SecretMasker masker(secrets);
  return masker.mask(text) + masker.flush();
}

engine::ActionCompleted completion_for(const engine::StartAction& action) {
  engine::ActionCompleted completed;
  completed.pipelineName = action.pipelineName;
  completed.pipelineExecutionId = action.pipelineExecutionId;
  completed.actionExecutionId = action.actionExecutionId;
  return completed;
}

}  // namespace

SourceLayout prepare_sources(const engine::StartAction& action, const Workspace& workspace,
                             const std::string& primary) {
  SourceLayout layout;
  const fs::path root = workspace.action_directory(action) / "src";
  recreate_directory(root);
  bool found_primary = primary.empty();
  for (const engine::ArtifactInstance& input : action.inputArtifacts) {
    const fs::path folder = root / fs::path(input.name).filename();
    try {
      copy_artifact(input, folder);
    } catch (const fs::filesystem_error& error) {
      throw std::runtime_error("cannot copy the input artifact " + input.name + ": " +
                               error.what());
    }
    const bool is_primary = layout.primary.empty() && (primary.empty() || input.name == primary);
    if (is_primary) {
      layout.primary = folder;
      layout.primary_revision = input.revisionId;
      found_primary = true;
    } else {
      layout.secondaries.emplace_back(input.name, folder);
    }
  }
  if (!found_primary) {
    throw std::runtime_error("PrimarySource '" + primary + "' is not one of the input artifacts");
  }
  if (layout.primary.empty()) {  // no inputs: an empty working directory
    layout.primary = root / "primary";
    fs::create_directories(layout.primary);
  }
  return layout;
}

std::shared_ptr<LogSink> open_attempt_log(const Workspace& workspace,
                                          const engine::StartAction& action) {
  return workspace.open_log(action.pipelineExecutionId, action.actionExecutionId);
}

BuildAttempts::BuildAttempts(boost::asio::any_io_executor executor, ProcessRunner& runner,
                             const Workspace& workspace)
    : executor_(std::move(executor)), runner_(runner), workspace_(workspace) {}

void BuildAttempts::begin(const std::string& action_execution_id) {
  std::lock_guard lock(mutex_);
  attempts_[action_execution_id];
}

void BuildAttempts::cancel(const std::string& action_execution_id) {
  std::shared_ptr<BuildRun> run;
  {
    std::lock_guard lock(mutex_);
    const auto found = attempts_.find(action_execution_id);
    if (found == attempts_.end()) return;
    found->second.cancelled = true;
    run = found->second.run;
  }
  if (run) run->cancel();
}

void BuildAttempts::forget(const std::string& action_execution_id) {
  std::lock_guard lock(mutex_);
  attempts_.erase(action_execution_id);
}

void BuildAttempts::fail(const engine::StartAction& action, const std::shared_ptr<LogSink>& log,
                         const std::string& noun, const std::string& problem,
                         engine::CompletionHandler done) {
  forget(action.actionExecutionId);
  if (log) {
    log->write(container_log_line(noun + " failed before its commands ran:"));
    log->write(problem + "\n");
    log->close();
  }
  engine::ActionCompleted completed = completion_for(action);
  completed.outcome = engine::ActionOutcome::Failed;
  completed.summary = noun + " failed: " + problem;
  completed.errorDetails = engine::ErrorDetails{"JobFailed", completed.summary};
  done(std::move(completed));
}

void BuildAttempts::run(BuildPlan plan, engine::CompletionHandler done) {
  const std::string id = plan.action.actionExecutionId;
  plan.run.capture_final_environment = !plan.exported_variables.empty();
  auto shared_plan = std::make_shared<BuildPlan>(std::move(plan));
  std::lock_guard lock(mutex_);
  Entry& entry = attempts_[id];
  if (entry.cancelled) {
    BuildRunResult stopped;
    stopped.succeeded = false;
    stopped.stopped = true;
    stopped.upload_artifacts = false;
    stopped.failure = "stopped before it started";
    boost::asio::post(executor_, [this, shared_plan, stopped, done = std::move(done)]() mutable {
      complete(*shared_plan, std::move(stopped), std::move(done));
    });
    return;
  }
  entry.run =
      BuildRun::start(executor_, runner_, shared_plan->run,
                      [this, shared_plan, done = std::move(done)](BuildRunResult result) mutable {
                        complete(*shared_plan, std::move(result), std::move(done));
                      });
}

void BuildAttempts::complete(const BuildPlan& plan, BuildRunResult result,
                             engine::CompletionHandler done) {
  forget(plan.action.actionExecutionId);
  const auto& log = plan.run.log;
  engine::ActionCompleted completed = completion_for(plan.action);
  completed.externalExecutionId = plan.external_id;

  if (result.upload_artifacts && !plan.outputs.empty()) {
    if (log) log->write(container_log_line("Entering phase UPLOAD_ARTIFACTS"));
    std::string upload_error;
    for (const OutputArtifactPlan& output : plan.outputs) {
      const fs::path folder = workspace_.artifact_directory(plan.action, output.name);
      // Artifact paths are relative to CODEBUILD_SRC_DIR, wherever the last phase cd'd to.
      const ArtifactCollection collected =
          collect_artifact(output.block, plan.run.source_directory, folder);
      if (!collected.ok()) {
        if (upload_error.empty()) upload_error = output.name + ": " + collected.error;
        continue;
      }
      if (log) {
        log->write(container_log_line("Uploaded artifact " + output.name + " (" +
                                      std::to_string(collected.files) + " files)"));
      }
      completed.outputArtifacts.push_back({output.name, folder.string(), "", ""});
    }
    if (log) {
      log->write(container_log_line(std::string("Phase complete: UPLOAD_ARTIFACTS State: ") +
                                    (upload_error.empty() ? "SUCCEEDED" : "FAILED")));
      if (!upload_error.empty()) {
        log->write(container_log_line("Phase context: CLIENT_ERROR: " + upload_error));
      }
    }
    if (!upload_error.empty()) {
      if (result.succeeded) result.failure = "phase UPLOAD_ARTIFACTS: " + upload_error;
      result.succeeded = false;
    }
  }

  std::size_t variable_bytes = 0;
  for (const std::string& name : plan.exported_variables) {
    const auto found = result.environment.find(name);
    const std::string value = found == result.environment.end() ? "" : found->second;
    variable_bytes += name.size() + value.size();
    completed.outputVariables[name] = value;
  }
  if (variable_bytes > kMaxOutputVariableBytes) {
    completed.outputVariables.clear();
    if (result.succeeded) {
      result.failure = "the exported variables hold " + std::to_string(variable_bytes) +
                       " bytes, more than the " + std::to_string(kMaxOutputVariableBytes) +
                       " an action may publish";
    }
    result.succeeded = false;
  }

  if (result.succeeded) {
    completed.outcome = engine::ActionOutcome::Succeeded;
    completed.summary = plan.noun + " succeeded";
  } else {
    completed.outcome = engine::ActionOutcome::Failed;
    completed.summary = masked(plan.run.secrets, plan.noun + " failed: " + result.failure);
    completed.errorDetails =
        engine::ErrorDetails{result.timed_out ? "TimeoutError" : "JobFailed", completed.summary};
  }
  if (log) {
    log->write(container_log_line("Entering phase FINALIZING"));
    log->write(container_log_line(completed.summary));
    log->close();
  }
  done(std::move(completed));
}

}  // namespace lockstep::executors::local

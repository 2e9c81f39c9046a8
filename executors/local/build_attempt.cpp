#include "executors/local/build_attempt.hpp"

#include <regex>
#include <stdexcept>

#include <boost/asio/post.hpp>

#include "executors/local/artifact_name.hpp"
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
  plan.run.capture_final_environment = !plan.exported_variables.empty();
  plan.run.artifact_names.clear();
  for (const OutputArtifactPlan& output : plan.outputs) {
    plan.run.artifact_names.push_back(output.block.name);
  }
  launch(std::make_shared<BuildPlan>(std::move(plan)), std::move(done));
}

void BuildAttempts::launch(std::shared_ptr<BuildPlan> shared_plan, engine::CompletionHandler done) {
  const std::string id = shared_plan->action.actionExecutionId;
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
                        if (retry(shared_plan, result, done)) return;
                        complete(*shared_plan, std::move(result), std::move(done));
                      });
}

// on-failure RETRY (A.4 rule 3) starts the whole build again from freshly copied inputs, as
// CodeBuild's retried build starts from its source, while retries are left and the failed phase's
// error message contains the pattern. The last attempt's outputs are the action's.
bool BuildAttempts::retry(const std::shared_ptr<BuildPlan>& plan, const BuildRunResult& result,
                          engine::CompletionHandler& done) {
  if (!result.retry || result.succeeded || result.stopped || result.timed_out) return false;
  const auto& log = plan->run.log;
  const BuildRunResult::RetryRule& rule = *result.retry;
  const auto say = [&](const std::string& text) {
    if (log) log->write(container_log_line("on-failure " + rule.form + ": " + text));
  };
  if (plan->retries >= rule.count) {
    say(rule.count == 0
            ? "no retries allowed; the build ends as with ABORT"
            : "all " + std::to_string(rule.count) + " retries used; the build ends as with ABORT");
    return false;
  }
  bool matches = false;
  try {
    matches = std::regex_search(result.failure, std::regex(rule.pattern));
  } catch (const std::regex_error&) {
    matches = false;  // the parser already refused invalid patterns
  }
  if (!matches) {
    say("the error message does not match '" + rule.pattern + "'; the build ends as with ABORT");
    return false;
  }
  ++plan->retries;
  say("retrying the build (retry " + std::to_string(plan->retries) + " of " +
      std::to_string(rule.count) + ")");
  try {
    const SourceLayout layout = prepare_sources(plan->action, workspace_, plan->primary_source);
    plan->run.source_directory = layout.primary;
    recreate_directory(plan->run.state_directory);
  } catch (const std::exception& error) {
    say(std::string("the retry could not copy the inputs again: ") + error.what());
    return false;
  }
  if (log) log->write(container_log_line("Entering phase DOWNLOAD_SOURCE"));
  if (log) log->write(container_log_line("Phase complete: DOWNLOAD_SOURCE State: SUCCEEDED"));
  launch(plan, std::move(done));
  return true;
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
    for (std::size_t i = 0; i < plan.outputs.size(); ++i) {
      const OutputArtifactPlan& output = plan.outputs[i];
      const fs::path folder = workspace_.artifact_directory(plan.action, output.name);
      // Artifact paths are relative to CODEBUILD_SRC_DIR, wherever the last phase cd'd to.
      const ArtifactCollection collected =
          collect_artifact(output.block, plan.run.source_directory, folder);
      if (!collected.ok()) {
        if (upload_error.empty()) upload_error = output.name + ": " + collected.error;
        continue;
      }
      std::string named;
      if (!output.block.name.empty()) {
        const std::string evaluated =
            i < result.artifact_names.size() ? result.artifact_names[i] : "";
        const ArtifactPublication published =
            publish_named_artifact(output.block.name, evaluated, folder, plan.artifacts_directory);
        if (!published.ok()) {
          if (upload_error.empty()) upload_error = output.name + ": " + published.error;
          continue;
        }
        named = " named " + published.name;
        if (!published.location.empty()) named += " at " + published.location.string();
      }
      if (log) {
        log->write(container_log_line("Uploaded artifact " + output.name + " (" +
                                      std::to_string(collected.files) + " files)" + named));
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

  const std::string retried = plan.retries == 0 ? ""
                                                : " after " + std::to_string(plan.retries) +
                                                      (plan.retries == 1 ? " retry" : " retries");
  if (result.succeeded) {
    completed.outcome = engine::ActionOutcome::Succeeded;
    completed.summary = plan.noun + " succeeded" + retried;
  } else {
    completed.outcome = engine::ActionOutcome::Failed;
    completed.summary =
        masked(plan.run.secrets, plan.noun + " failed" + retried + ": " + result.failure);
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

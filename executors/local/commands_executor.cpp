#include "executors/local/commands_executor.hpp"

#include <stdexcept>

#include <boost/asio/post.hpp>

#include "executors/local/build_environment.hpp"
#include "executors/local/buildspec_phases.hpp"

namespace lockstep::executors::local {

namespace {

// SEMANTICS §17: a Commands action may run 55 minutes unless timeoutInMinutes says otherwise.
constexpr std::chrono::minutes kDefaultTimeout{55};

}  // namespace

CommandsExecutor::CommandsExecutor(boost::asio::any_io_executor executor, ProcessRunner& runner,
                                   const Workspace& workspace, const SecretStore& secrets,
                                   Options options)
    : attempts_(std::move(executor), runner, workspace),
      secrets_(secrets),
      options_(std::move(options)) {}

void CommandsExecutor::start(const engine::StartAction& action, engine::CompletionHandler done) {
  attempts_.begin(action.actionExecutionId);
  boost::asio::post(attempts_.executor(), [this, action, done = std::move(done)]() mutable {
    prepare(action, std::move(done));
  });
}

void CommandsExecutor::cancel(const engine::CancelAction& cancel) {
  attempts_.cancel(cancel.actionExecutionId);
}

void CommandsExecutor::prepare(const engine::StartAction& action, engine::CompletionHandler done) {
  std::shared_ptr<LogSink> log;
  try {
    log = open_attempt_log(attempts_.workspace(), action);
  } catch (const std::exception& error) {
    return attempts_.fail(action, nullptr, "Commands",
                          std::string("cannot open the log: ") + error.what(), std::move(done));
  }
  try {
    const SourceLayout layout = prepare_sources(action, attempts_.workspace(), "");

    BuildEnvironment environment;
    environment.values = options_.base_environment;
    for (const engine::EnvironmentVariable& variable : action.resolvedEnvironmentVariables) {
      environment.set_typed(variable.name, variable.value, variable.type, secrets_,
                            "environmentVariables");
    }
    if (!environment.problems.empty()) {
      std::string text;
      for (const std::string& problem : environment.problems) {
        text += (text.empty() ? "" : "\n") + problem;
      }
      throw std::runtime_error(text);
    }
    BuildIdentity identity;
    identity.project = "commands-" + action.action.name;
    identity.build_id = identity.project + ":" + action.actionExecutionId;
    identity.build_number = 1;
    identity.region = options_.region;
    identity.account_id = options_.account_id;
    identity.start_time_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                                 std::chrono::system_clock::now().time_since_epoch())
                                 .count();
    add_codebuild_variables(action, layout, identity, environment.values);

    BuildPlan plan;
    plan.action = action;
    plan.noun = "Commands";
    plan.exported_variables = action.action.outputVariables;
    plan.external_id = identity.build_id;
    // A.6: outputArtifacts[0].files selects the output; without files, the whole workspace.
    for (const engine::OutputArtifact& output : action.action.outputArtifacts) {
      ArtifactBlock block;
      block.files = output.files.empty() ? std::vector<std::string>{"**/*"} : output.files;
      plan.outputs.push_back({output.name, std::move(block)});
    }
    BuildPhase& phase = plan.run.buildspec.phase(BuildPhaseName::Build);
    phase.declared = true;
    phase.commands =
        action.resolvedCommands.empty() ? action.action.commands : action.resolvedCommands;
    plan.run.environment = std::move(environment.values);
    plan.run.source_directory = layout.primary;
    plan.run.state_directory = attempts_.workspace().action_directory(action) / "state";
    plan.run.secrets = std::move(environment.secrets);
    plan.run.log = log;
    plan.run.kill_grace = options_.kill_grace;
    std::chrono::milliseconds timeout = action.action.timeoutInMinutes
                                            ? std::chrono::minutes(*action.action.timeoutInMinutes)
                                            : std::chrono::milliseconds(kDefaultTimeout);
    if (options_.timeout_cap.count() > 0) timeout = std::min(timeout, options_.timeout_cap);
    plan.run.timeout = timeout;
    recreate_directory(plan.run.state_directory);
    attempts_.run(std::move(plan), std::move(done));
  } catch (const std::exception& error) {
    attempts_.fail(action, log, "Commands", error.what(), std::move(done));
  }
}

}  // namespace lockstep::executors::local

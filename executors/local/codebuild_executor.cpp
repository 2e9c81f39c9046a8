#include "executors/local/codebuild_executor.hpp"

#include <algorithm>
#include <fstream>
#include <stdexcept>

#include <boost/asio/post.hpp>

#include "executors/local/build_environment.hpp"
#include "executors/local/buildspec_parser.hpp"
#include "executors/local/buildspec_phases.hpp"

namespace lockstep::executors::local {

namespace fs = std::filesystem;

namespace {

// SEMANTICS §17: CodeBuild build actions may run 36 hours, test actions 8.
std::chrono::milliseconds default_timeout(const engine::StartAction& action) {
  return action.action.actionTypeId.category == engine::ActionCategory::Test
             ? std::chrono::hours(8)
             : std::chrono::hours(36);
}

std::string configuration(const engine::StartAction& action, const std::string& key) {
  const auto found = action.resolvedConfiguration.find(key);
  return found == action.resolvedConfiguration.end() ? "" : found->second;
}

// An inline document holds a newline (a file name never does) or starts with its version key.
bool is_inline_buildspec(const std::string& text) {
  return text.find('\n') != std::string::npos || text.starts_with("version:");
}

std::string read_buildspec_file(const fs::path& path, const std::string& shown_as) {
  std::error_code error;
  if (!fs::is_regular_file(path, error)) {
    throw std::runtime_error("YAML_FILE_ERROR: the buildspec " + shown_as + " does not exist");
  }
  if (fs::file_size(path, error) > kMaxBuildspecBytes) {
    throw std::runtime_error("YAML_FILE_ERROR: the buildspec " + shown_as + " is larger than " +
                             std::to_string(kMaxBuildspecBytes / 1024) + " KiB");
  }
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// A buildspec path given in a pipeline must stay inside the source it names a file of.
fs::path inside_source(const fs::path& source, const std::string& relative) {
  const fs::path path(relative);
  if (path.is_absolute() ||
      std::any_of(path.begin(), path.end(), [](const fs::path& part) { return part == ".."; })) {
    throw std::runtime_error("YAML_FILE_ERROR: the buildspec path '" + relative +
                             "' must be relative to the primary source, without ..");
  }
  return source / path;
}

std::string buildspec_text(const engine::StartAction& action, const CodeBuildProject& project,
                           const SourceLayout& layout, std::string& origin) {
  std::string given = configuration(action, "BuildSpec");
  if (given.empty()) given = configuration(action, "BuildspecOverride");
  if (!given.empty()) {
    if (is_inline_buildspec(given)) {
      origin = "the action's BuildSpec";
      return given;
    }
    origin = given;
    return read_buildspec_file(inside_source(layout.primary, given), given);
  }
  if (!project.buildspec.empty()) {
    origin = project.buildspec;
    const fs::path path(project.buildspec);
    return read_buildspec_file(
        path.is_absolute() ? path : inside_source(layout.primary, project.buildspec),
        project.buildspec);
  }
  origin = "buildspec.yml";
  return read_buildspec_file(layout.primary / "buildspec.yml", "buildspec.yml");
}

// One output artifact: the top-level block. Several: each by its secondary-artifacts identifier.
std::vector<OutputArtifactPlan> output_plans(const engine::StartAction& action,
                                             const Buildspec& buildspec) {
  std::vector<OutputArtifactPlan> plans;
  const auto& outputs = action.action.outputArtifacts;
  if (outputs.empty()) return plans;
  if (outputs.size() == 1) {
    if (!buildspec.artifacts) {
      throw std::runtime_error("the action has the output artifact " + outputs[0].name +
                               " but the buildspec has no artifacts block");
    }
    plans.push_back({outputs[0].name, *buildspec.artifacts});
    return plans;
  }
  for (const engine::OutputArtifact& output : outputs) {
    const auto found =
        std::find_if(buildspec.secondary_artifacts.begin(), buildspec.secondary_artifacts.end(),
                     [&](const auto& entry) { return entry.first == output.name; });
    if (found == buildspec.secondary_artifacts.end()) {
      throw std::runtime_error("the output artifact " + output.name +
                               " has no artifacts.secondary-artifacts entry of that identifier");
    }
    plans.push_back({output.name, found->second});
  }
  return plans;
}

std::string join_lines(const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& line : lines) text += (text.empty() ? "" : "\n") + line;
  return text;
}

}  // namespace

CodeBuildExecutor::CodeBuildExecutor(boost::asio::any_io_executor executor, ProcessRunner& runner,
                                     const Workspace& workspace, const SecretStore& secrets,
                                     Options options)
    : attempts_(std::move(executor), runner, workspace),
      secrets_(secrets),
      options_(std::move(options)) {}

void CodeBuildExecutor::start(const engine::StartAction& action, engine::CompletionHandler done) {
  attempts_.begin(action.actionExecutionId);
  // Copying inputs and reading the buildspec touch the disk: not on the caller's thread.
  boost::asio::post(attempts_.executor(), [this, action, done = std::move(done)]() mutable {
    prepare(action, std::move(done));
  });
}

void CodeBuildExecutor::cancel(const engine::CancelAction& cancel) {
  attempts_.cancel(cancel.actionExecutionId);
}

std::uint64_t CodeBuildExecutor::next_build_number(const std::string& project) {
  std::lock_guard lock(build_numbers_mutex_);
  std::string safe;
  for (const char c : project)
    safe.push_back(std::isalnum(static_cast<unsigned char>(c)) ? c : '_');
  const fs::path file = attempts_.workspace().data_dir() / "codebuild" / (safe + ".build-number");
  std::uint64_t number = 0;
  {
    std::ifstream in(file);
    in >> number;
  }
  ++number;
  fs::create_directories(file.parent_path());
  const fs::path temporary = file.string() + ".new";
  {
    std::ofstream out(temporary, std::ios::trunc);
    out << number << "\n";
  }
  fs::rename(temporary, file);
  return number;
}

void CodeBuildExecutor::prepare(const engine::StartAction& action, engine::CompletionHandler done) {
  std::shared_ptr<LogSink> log;
  try {
    log = open_attempt_log(attempts_.workspace(), action);
  } catch (const std::exception& error) {
    return attempts_.fail(action, nullptr, "Build",
                          std::string("cannot open the build log: ") + error.what(),
                          std::move(done));
  }
  try {
    const std::string project_name = configuration(action, "ProjectName");
    const auto configured = options_.projects.find(project_name);
    const CodeBuildProject project =
        configured == options_.projects.end() ? CodeBuildProject{} : configured->second;

    log->write(container_log_line("Entering phase DOWNLOAD_SOURCE"));
    const SourceLayout layout =
        prepare_sources(action, attempts_.workspace(), configuration(action, "PrimarySource"));

    std::string origin;
    const std::string text = buildspec_text(action, project, layout, origin);
    BuildspecParse parsed = parse_buildspec(text);
    if (!parsed.ok()) {
      throw std::runtime_error("YAML_FILE_ERROR: the buildspec " + origin + " is not valid:\n" +
                               describe_problems(parsed.problems));
    }
    Buildspec buildspec = std::move(*parsed.buildspec);

    // A.3 rule 3, lowest first: buildspec env < project < the action's EnvironmentVariables.
    BuildEnvironment environment;
    environment.values = options_.base_environment;
    environment.add_buildspec_env(buildspec, secrets_);
    for (const auto& [name, value] : project.environment_variables) {
      environment.set_typed(name, value, "PLAINTEXT", secrets_, "the project's variables");
    }
    if (const std::string json = configuration(action, "EnvironmentVariables"); !json.empty()) {
      for (const engine::EnvironmentVariable& variable :
           parse_environment_variables(json, environment.problems)) {
        environment.set_typed(variable.name, variable.value, variable.type, secrets_,
                              "EnvironmentVariables");
      }
    }
    if (!environment.problems.empty()) throw std::runtime_error(join_lines(environment.problems));

    const std::string project_id = project_name.empty() ? "local" : project_name;
    BuildIdentity identity;
    identity.project = project_id;
    identity.build_id = project_id + ":" + action.actionExecutionId;
    identity.build_number = next_build_number(project_id);
    identity.region = options_.region;
    identity.account_id = options_.account_id;
    identity.start_time_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                                 std::chrono::system_clock::now().time_since_epoch())
                                 .count();
    add_codebuild_variables(action, layout, identity, environment.values);

    BuildPlan plan;
    plan.action = action;
    plan.noun = "Build";
    plan.outputs = output_plans(action, buildspec);
    plan.exported_variables = buildspec.exported_variables;
    plan.external_id = identity.build_id;
    plan.primary_source = configuration(action, "PrimarySource");
    plan.artifacts_directory = project.artifacts_directory;
    log->write(container_log_line("Phase complete: DOWNLOAD_SOURCE State: SUCCEEDED"));
    if (!buildspec.run_as.empty()) {
      log->write(container_log_line("run-as is ignored: local builds run as the server's user"));
    }

    plan.run.buildspec = std::move(buildspec);
    plan.run.environment = std::move(environment.values);
    plan.run.source_directory = layout.primary;
    plan.run.state_directory = attempts_.workspace().action_directory(action) / "state";
    plan.run.secrets = std::move(environment.secrets);
    plan.run.log = log;
    plan.run.kill_grace = options_.kill_grace;
    std::chrono::milliseconds timeout = action.action.timeoutInMinutes
                                            ? std::chrono::minutes(*action.action.timeoutInMinutes)
                                            : default_timeout(action);
    if (options_.timeout_cap.count() > 0) timeout = std::min(timeout, options_.timeout_cap);
    plan.run.timeout = timeout;
    recreate_directory(plan.run.state_directory);
    attempts_.run(std::move(plan), std::move(done));
  } catch (const std::exception& error) {
    attempts_.fail(action, log, "Build", error.what(), std::move(done));
  }
}

}  // namespace lockstep::executors::local

#include "executors/local/local_deployment.hpp"

#include <openssl/rand.h>
#include <pwd.h>
#include <unistd.h>

#include <boost/asio/post.hpp>

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <utility>

#include "executors/local/file_permissions.hpp"

namespace lockstep::executors::local {

namespace fs = std::filesystem;

namespace {

constexpr std::uintmax_t kMaxAppSpecBytes = 1 << 20;
// util-linux's setpriv, part of every Debian system.
constexpr const char* kSetpriv = "/usr/bin/setpriv";

// CodeDeploy's ids look like d-7ABCDEFGH: nine upper-case letters and digits.
std::string new_deployment_id() {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  unsigned char bytes[9];
  if (RAND_bytes(bytes, sizeof bytes) != 1) throw std::runtime_error("no random bytes available");
  std::string id = "d-";
  for (const unsigned char byte : bytes) id.push_back(kAlphabet[byte % (sizeof kAlphabet - 1)]);
  return id;
}

std::string current_user() {
  const passwd* entry = ::getpwuid(::geteuid());
  return entry != nullptr ? entry->pw_name : "";
}

std::optional<std::string> read_appspec(const fs::path& bundle) {
  for (const char* name : {"appspec.yml", "appspec.yaml"}) {
    const fs::path file = bundle / name;
    if (!fs::is_regular_file(file)) continue;
    if (fs::file_size(file) > kMaxAppSpecBytes) {
      throw std::runtime_error(std::string(name) + " is larger than 1 MiB");
    }
    std::ifstream in(file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  }
  return std::nullopt;
}

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

LocalDeployment::LocalDeployment(boost::asio::any_io_executor executor, ProcessRunner& runner,
                                 const Workspace& workspace, const CodeDeployOptions& options,
                                 engine::StartAction action, fs::path root,
                                 engine::CompletionHandler done)
    : executor_(std::move(executor)),
      runner_(runner),
      workspace_(workspace),
      options_(options),
      action_(std::move(action)),
      done_(std::move(done)),
      root_(std::move(root)) {
  application_ = configuration_value(action_, "ApplicationName");
  group_ = configuration_value(action_, "DeploymentGroupName");
}

void LocalDeployment::begin() {
  try {
    prepare();
  } catch (const std::exception& error) {
    fail(error.what());
    return;
  }
  if (!finished_) run_step(0);
}

void LocalDeployment::cancel() {
  std::lock_guard lock(mutex_);
  cancelled_ = true;
  current_.cancel();
}

void LocalDeployment::prepare() {
  log_ = workspace_.open_log(action_.pipelineExecutionId, action_.actionExecutionId);
  id_ = new_deployment_id();
  say("Deployment " + id_ + " of " + application_ + " to deployment group " + group_ + " in " +
      root_.root().string());
  if (action_.inputArtifacts.size() != 1) {
    throw std::runtime_error("A CodeDeploy action takes exactly one input artifact, the revision");
  }
  fs::create_directories(root_.root());
  const fs::path bundle = root_.bundle_directory(id_);
  copy_artifact(action_.inputArtifacts.front(), bundle);

  const auto text = read_appspec(bundle);
  if (!text) throw std::runtime_error("The revision has no appspec.yml at its root");
  AppSpecParse parsed = parse_appspec(*text);
  if (!parsed.ok()) {
    throw std::runtime_error("appspec.yml has " + std::to_string(parsed.problems.size()) +
                             " problems:\n" + describe_problems(parsed.problems));
  }
  appspec_ = std::move(parsed.appspec);
  if (appspec_.os != "linux") {
    throw std::runtime_error("appspec.yml is for " + appspec_.os +
                             "; this server deploys linux revisions");
  }
  const std::string user = current_user();
  for (const auto& [event, scripts] : appspec_.hooks) {
    for (const AppSpecScript& script : scripts) {
      if (script.runas.empty() || script.runas == user) continue;
      if (::geteuid() != 0) {
        throw std::runtime_error("The " + event + " script " + script.location +
                                 " asks to run as " + script.runas +
                                 "; only a server running as root can run hooks as another "
                                 "user, and this one runs as " +
                                 user);
      }
      if (::getpwnam(script.runas.c_str()) == nullptr) {
        throw std::runtime_error("The " + event + " script " + script.location +
                                 " asks to run as " + script.runas +
                                 ", which is not a user on this server");
      }
    }
  }
  if (const auto problem = permissions_problem(appspec_.permissions)) {
    throw std::runtime_error(*problem);
  }

  previous_id_ = root_.current();
  if (previous_id_) {
    previous_files_ = root_.read_list(*previous_id_, "installed");
    const auto previous_text = read_appspec(root_.bundle_directory(*previous_id_));
    AppSpecParse previous = parse_appspec(previous_text.value_or(""));
    if (previous.ok()) {
      previous_appspec_ = std::move(previous.appspec);
      steps_.push_back(
          {"ApplicationStop", &*previous_appspec_, root_.bundle_directory(*previous_id_)});
    } else {
      say("The previous revision " + *previous_id_ +
          " has no usable appspec.yml; ApplicationStop is skipped");
    }
  } else {
    say("First deployment to this root: ApplicationStop is skipped");
  }
  steps_.push_back({"BeforeInstall", &appspec_, bundle});
  steps_.push_back({"Install", nullptr, bundle});
  for (const char* event : {"AfterInstall", "ApplicationStart", "ValidateService"}) {
    steps_.push_back({event, &appspec_, bundle});
  }
}

void LocalDeployment::run_step(std::size_t index) {
  if (index == steps_.size()) {
    succeed();
    return;
  }
  if (stopped()) return;
  const Step& step = steps_[index];
  say("LifecycleEvent - " + step.event);
  if (step.appspec == nullptr) {
    try {
      install_files(appspec_, root_, id_, previous_files_, record_,
                    [this](const std::string& line) { say(line); });
      apply_permissions(appspec_.permissions, root_.root(),
                        [this](const std::string& line) { say(line); });
    } catch (const std::exception& error) {
      fail(error.what());
      return;
    }
    run_step(index + 1);
    return;
  }
  if (step.appspec->scripts(step.event).empty()) {
    run_step(index + 1);
    return;
  }
  run_script(index, 0);
}

void LocalDeployment::run_script(std::size_t step_index, std::size_t script_index) {
  const Step& step = steps_[step_index];
  const std::vector<AppSpecScript>& scripts = step.appspec->scripts(step.event);
  if (script_index == scripts.size()) {
    run_step(step_index + 1);
    return;
  }
  const AppSpecScript& script = scripts[script_index];
  const fs::path path = step.bundle / script.location;
  if (!fs::is_regular_file(path)) {
    fail("Script does not exist at specified location: " + script.location + " (event " +
         step.event + ")");
    return;
  }
  std::error_code error;
  // CodeDeploy's agent makes a hook executable when the bundle lost the bit.
  fs::permissions(path, fs::perms::owner_exec | fs::perms::group_exec, fs::perm_options::add,
                  error);
  say("Script - " + script.location);

  ProcessSpec spec;
  spec.argv = {path.string()};
  spec.environment = options_.environment;
  if (!script.runas.empty() && script.runas != current_user()) {
    // Checked in prepare(): the server is root and the user exists. setpriv drops to the user
    // (with its groups) just before the script starts, so the daemon itself is never forked.
    const passwd* entry = ::getpwnam(script.runas.c_str());
    if (entry == nullptr) {
      fail("The user " + script.runas + " of the script " + script.location + " is gone");
      return;
    }
    spec.argv = {kSetpriv,
                 "--reuid=" + std::to_string(entry->pw_uid),
                 "--regid=" + std::to_string(entry->pw_gid),
                 "--init-groups",
                 "--",
                 path.string()};
    spec.environment["HOME"] = entry->pw_dir;
    spec.environment["USER"] = entry->pw_name;
    spec.environment["LOGNAME"] = entry->pw_name;
  }
  spec.environment["LIFECYCLE_EVENT"] = step.event;
  spec.environment["DEPLOYMENT_ID"] = id_;
  spec.environment["APPLICATION_NAME"] = application_;
  spec.environment["DEPLOYMENT_GROUP_NAME"] = group_;
  spec.environment["DEPLOYMENT_GROUP_ID"] = group_;
  spec.environment["LOCKSTEP_DEPLOYMENT_ROOT"] = root_.root().string();
  if (const std::string& commit = action_.inputArtifacts.front().revisionId; !commit.empty()) {
    spec.environment["BUNDLE_COMMIT"] = commit;
  }
  spec.working_directory = step.bundle;
  spec.log = log_;
  spec.timeout = script.timeout;
  spec.kill_grace = options_.kill_grace;

  std::lock_guard lock(mutex_);
  if (cancelled_) {
    // Fail outside the lock: fail() may call back into the owner.
    boost::asio::post(executor_, [self = shared_from_this()] { self->stopped(); });
    return;
  }
  current_ = runner_.run(
      std::move(spec), [self = shared_from_this(), step_index, script_index,
                        location = script.location, timeout = script.timeout](ProcessResult r) {
        const std::string& event = self->steps_[step_index].event;
        if (r.succeeded()) {
          self->run_script(step_index, script_index + 1);
        } else if (r.cancelled) {
          self->stopped();
        } else if (r.timed_out) {
          self->fail("Script at specified location: " + location + " failed to complete in " +
                     std::to_string(timeout.count()) + " seconds (event " + event + ")");
        } else if (!r.started) {
          self->fail("Script at specified location: " + location + " could not start: " + r.error +
                     " (event " + event + ")");
        } else if (r.exit_code) {
          self->fail("Script at specified location: " + location + " failed with exit code " +
                     std::to_string(*r.exit_code) + " (event " + event + ")");
        } else {
          self->fail("Script at specified location: " + location + " was ended by signal " +
                     std::to_string(r.signal.value_or(0)) + " (event " + event + ")");
        }
      });
}

bool LocalDeployment::stopped() {
  {
    std::lock_guard lock(mutex_);
    if (!cancelled_) return false;
  }
  fail("The deployment was stopped");
  return true;
}

void LocalDeployment::fail(const std::string& message) {
  if (finished_) return;
  say("Deployment failed: " + message);
  if (record_.started) {
    restore_previous_files(root_, id_, record_);
    say(previous_id_ ? "Restored the files of the previous revision " + *previous_id_
                     : "Removed the files of this deployment; there was no previous revision");
  }
  engine::ActionCompleted report = report_for(action_);
  report.outcome = engine::ActionOutcome::Failed;
  report.summary = id_.empty() ? message : "Deployment " + id_ + " failed: " + message;
  report.errorDetails = engine::ErrorDetails{"JobFailed", report.summary};
  report.externalExecutionId = id_;
  finish(std::move(report));
}

void LocalDeployment::succeed() {
  try {
    root_.write_list(id_, "installed", record_.installed);
    root_.set_current(id_);
    root_.prune(options_.revisions_kept);
  } catch (const std::exception& error) {
    fail(std::string("Could not record the deployed revision: ") + error.what());
    return;
  }
  say("Deployment " + id_ + " succeeded");
  engine::ActionCompleted report = report_for(action_);
  report.summary = "Deployment " + id_ + " succeeded";
  report.externalExecutionId = id_;
  finish(std::move(report));
}

void LocalDeployment::finish(engine::ActionCompleted report) {
  const auto self = shared_from_this();  // done_ makes the executor drop its reference
  finished_ = true;
  if (log_) log_->close();
  done_(std::move(report));
}

void LocalDeployment::say(const std::string& line) {
  if (log_) log_->write("[CodeDeploy] " + line + "\n");
}

}  // namespace lockstep::executors::local

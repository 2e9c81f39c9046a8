#include "executors/local/buildspec_phases.hpp"

#include <time.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <sstream>

#include <boost/asio/post.hpp>

#include "executors/local/secret_masker.hpp"

namespace lockstep::executors::local {

namespace fs = std::filesystem;

namespace {

// The phase script. It is the same text for every build: the commands are read from files the
// executor wrote, and evaluated one at a time in this one shell, so `cd` and `export` carry from
// command to command. On exit the environment and working directory are written for the next
// phase, and every artifacts `name` is evaluated by this shell (A.6: names may use $VAR and
// $(command)), so the last phase that ran gives the values. $1 is the state folder, $2 the phase,
// $3 "capture" unless nothing needs that state.
constexpr const char* kPhaseScript = R"(__ls_state=$1
__ls_phase=$2
__ls_capture=$3
set --
__ls_finish() {
  for __ls_file in "$__ls_state"/names/*.name; do
    [ -f "$__ls_file" ] || continue
    __ls_text=
    IFS= read -r __ls_text < "$__ls_file" || true
    (eval "printf '%s' \"$__ls_text\"") > "${__ls_file%.name}.value" 2> /dev/null
  done
  if [ "$__ls_capture" = capture ]; then
    env -0 > "$__ls_state/env"
    pwd > "$__ls_state/cwd"
  fi
}
trap __ls_finish EXIT
__ls_nl='
'
__ls_status=0
for __ls_list in commands finally; do
  if [ "$__ls_status" -ne 0 ]; then export CODEBUILD_BUILD_SUCCEEDING=0; fi
  __ls_i=1
  while [ -f "$__ls_state/$__ls_phase/$__ls_list/$__ls_i" ]; do
    __ls_cmd=
    while IFS= read -r __ls_line || [ -n "$__ls_line" ]; do
      __ls_cmd="$__ls_cmd$__ls_line$__ls_nl"
    done < "$__ls_state/$__ls_phase/$__ls_list/$__ls_i"
    __ls_cmd=${__ls_cmd%"$__ls_nl"}
    printf '[Container] Running command %s\n' "$__ls_cmd"
    eval "$__ls_cmd"
    __ls_rc=$?
    if [ "$__ls_rc" -ne 0 ]; then
      printf '\n[Container] Command did not exit successfully %s exit status %s\n' "$__ls_cmd" "$__ls_rc"
      printf '%s %s %s' "$__ls_list" "$__ls_i" "$__ls_rc" > "$__ls_state/$__ls_phase/failed"
      if [ "$__ls_status" -eq 0 ]; then __ls_status=$__ls_rc; fi
      break
    fi
    __ls_i=$((__ls_i + 1))
  done
done
exit "$__ls_status"
)";

// Caps what the state files may hold, so a runaway build cannot exhaust the server's memory.
constexpr std::size_t kMaxStateBytes = 16 * 1024 * 1024;

std::string read_small_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::string text;
  std::array<char, 16 * 1024> chunk;
  while (in && text.size() < kMaxStateBytes) {
    in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    text.append(chunk.data(), static_cast<std::size_t>(in.gcount()));
  }
  if (text.size() > kMaxStateBytes) text.resize(kMaxStateBytes);
  return text;
}

void write_file(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

}  // namespace

std::string container_log_line(std::string_view text) {
  const auto now = std::chrono::system_clock::now();
  const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  const auto micros =
      std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()).count() %
      1000000;
  std::tm utc{};
  ::gmtime_r(&seconds, &utc);
  char stamp[48];
  std::snprintf(stamp, sizeof stamp, "%04d/%02d/%02d %02d:%02d:%02d.%06lld", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                static_cast<long long>(micros));
  return "[Container] " + std::string(stamp) + " " + std::string(text) + "\n";
}

BuildRun::BuildRun(boost::asio::any_io_executor executor, ProcessRunner& runner, BuildRunSpec spec,
                   Completion done)
    : executor_(std::move(executor)),
      runner_(runner),
      spec_(std::move(spec)),
      done_(std::move(done)) {
  shell_ = spec_.buildspec.shell == "bash" ? Shell::Bash : Shell::Sh;
  deadline_ = std::chrono::steady_clock::now() + spec_.timeout;
  result_.environment = spec_.environment;
  result_.environment["CODEBUILD_BUILD_SUCCEEDING"] = "1";
  result_.working_directory = spec_.source_directory;
}

std::shared_ptr<BuildRun> BuildRun::start(boost::asio::any_io_executor executor,
                                          ProcessRunner& runner, BuildRunSpec spec,
                                          Completion done) {
  auto run = std::make_shared<BuildRun>(executor, runner, std::move(spec), std::move(done));
  boost::asio::post(executor, [run] {
    try {
      const fs::path names = run->spec_.state_directory / "names";
      fs::remove_all(names);
      for (std::size_t i = 0; i < run->spec_.artifact_names.size(); ++i) {
        if (!run->spec_.artifact_names[i].empty()) {
          write_file(names / (std::to_string(i) + ".name"), run->spec_.artifact_names[i]);
        }
      }
    } catch (const fs::filesystem_error& error) {
      run->write_log(
          container_log_line(std::string("cannot write the artifact names: ") + error.what()));
    }
    run->run_phase(0);
  });
  return run;
}

void BuildRun::cancel() {
  ProcessHandle current;
  {
    std::lock_guard lock(mutex_);
    cancelled_ = true;
    current = current_;
  }
  current.cancel();
}

void BuildRun::write_log(const std::string& text) {
  if (!spec_.log) return;
  SecretMasker masker(spec_.secrets);
  spec_.log->write(masker.mask(text) + masker.flush());
}

void BuildRun::run_phase(std::size_t index) {
  while (index < kBuildPhases.size() && !spec_.buildspec.phases[index].declared) ++index;
  if (index == kBuildPhases.size()) return finish();
  const BuildPhaseName name = kBuildPhases[index];
  const BuildPhase& phase = spec_.buildspec.phases[index];
  write_log(container_log_line(std::string("Entering phase ") + phase_label(name)));

  const fs::path folder = spec_.state_directory / buildspec_key(name);
  try {
    fs::remove_all(folder);
    for (std::size_t i = 0; i < phase.commands.size(); ++i) {
      write_file(folder / "commands" / std::to_string(i + 1), phase.commands[i]);
    }
    for (std::size_t i = 0; i < phase.finally.size(); ++i) {
      write_file(folder / "finally" / std::to_string(i + 1), phase.finally[i]);
    }
    fs::remove(spec_.state_directory / "env");
  } catch (const fs::filesystem_error& error) {
    ProcessResult failed;
    failed.error = std::string("cannot prepare the phase: ") + error.what();
    return on_phase_done(index, failed);
  }

  ProcessSpec process;
  process.argv = shell_command(shell_, kPhaseScript);
  // The last phase's state matters only for exported variables; skipping it saves a process.
  bool later_phase = false;
  for (std::size_t next = index + 1; next < kBuildPhases.size(); ++next) {
    later_phase = later_phase || spec_.buildspec.phases[next].declared;
  }
  const bool capture = later_phase || spec_.capture_final_environment;
  process.argv.insert(process.argv.end(), {"lockstep-phase", spec_.state_directory.string(),
                                           buildspec_key(name), capture ? "capture" : "none"});
  process.environment = result_.environment;
  process.working_directory = result_.working_directory;
  process.secrets = spec_.secrets;
  process.log = spec_.log;
  process.kill_grace = spec_.kill_grace;
  if (spec_.timeout.count() > 0) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline_ - std::chrono::steady_clock::now());
    process.timeout = std::max(left, std::chrono::milliseconds(1));
  }

  std::lock_guard lock(mutex_);
  if (cancelled_) {
    ProcessResult stopped;
    stopped.cancelled = true;
    boost::asio::post(executor_, [self = shared_from_this(), index, stopped] {
      self->on_phase_done(index, stopped);
    });
    return;
  }
  current_ =
      runner_.run(std::move(process), [self = shared_from_this(), index](ProcessResult finished) {
        self->on_phase_done(index, finished);
      });
}

void BuildRun::load_state() {
  const fs::path env_file = spec_.state_directory / "env";
  if (!fs::exists(env_file)) return;
  Environment environment;
  const std::string text = read_small_file(env_file);
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\0', start);
    if (end == std::string::npos) end = text.size();
    const std::string_view entry(text.data() + start, end - start);
    const std::size_t equals = entry.find('=');
    if (equals != std::string_view::npos && equals > 0) {
      const std::string name(entry.substr(0, equals));
      // Shell bookkeeping, not the build's variables.
      if (name != "_" && name != "SHLVL" && name != "OLDPWD" && name != "PWD") {
        environment[name] = std::string(entry.substr(equals + 1));
      }
    }
    start = end + 1;
  }
  environment["CODEBUILD_BUILD_SUCCEEDING"] = result_.environment["CODEBUILD_BUILD_SUCCEEDING"];
  result_.environment = std::move(environment);
  std::string cwd = read_small_file(spec_.state_directory / "cwd");
  if (cwd.ends_with('\n')) cwd.pop_back();
  std::error_code error;
  if (!cwd.empty() && fs::is_directory(cwd, error)) result_.working_directory = cwd;
}

std::string BuildRun::phase_failure(BuildPhaseName name, const ProcessResult& process) const {
  const std::string label = phase_label(name);
  if (!process.started && !process.cancelled) return "phase " + label + ": " + process.error;
  if (process.timed_out) return "phase " + label + " timed out";
  if (process.cancelled) return "stopped in phase " + label;
  // The script names the command that failed: "<list> <index> <status>".
  std::istringstream failed(
      read_small_file(spec_.state_directory / buildspec_key(name) / "failed"));
  std::string list;
  std::size_t position = 0;
  int status = 0;
  const BuildPhase& phase = spec_.buildspec.phase(name);
  if (failed >> list >> position >> status) {
    const auto& commands = list == "finally" ? phase.finally : phase.commands;
    if (position >= 1 && position <= commands.size()) {
      return "phase " + label + ": command '" + commands[position - 1] + "' exited with status " +
             std::to_string(status);
    }
  }
  if (process.exit_code) {
    return "phase " + label + ": the shell exited with status " +
           std::to_string(*process.exit_code);
  }
  return "phase " + label + ": the shell was ended by signal " +
         std::to_string(process.signal.value_or(0));
}

void BuildRun::on_phase_done(std::size_t index, const ProcessResult& process) {
  const BuildPhaseName name = kBuildPhases[index];
  const BuildPhase& phase = spec_.buildspec.phases[index];
  if (process.started && !process.timed_out && !process.cancelled) load_state();

  bool cancelled = false;
  {
    std::lock_guard lock(mutex_);
    cancelled = cancelled_;
  }
  const bool stopped = process.cancelled || (cancelled && !process.succeeded());
  const char* state = process.succeeded() ? "SUCCEEDED"
                      : process.timed_out ? "TIMED_OUT"
                      : stopped           ? "STOPPED"
                                          : "FAILED";
  std::string context;
  if (!process.succeeded()) context = phase_failure(name, process);
  write_log(
      container_log_line(std::string("Phase complete: ") + phase_label(name) + " State: " + state));
  if (!context.empty()) write_log(container_log_line("Phase context: " + context));

  if (process.succeeded() && !cancelled) return run_phase(index + 1);

  result_.succeeded = false;
  result_.environment["CODEBUILD_BUILD_SUCCEEDING"] = "0";
  if (result_.failure.empty()) {
    SecretMasker masker(spec_.secrets);
    result_.failure = masker.mask(context.empty() ? "stopped" : context) + masker.flush();
  }
  if (process.timed_out || stopped || cancelled) {
    result_.timed_out = process.timed_out;
    result_.stopped = !process.timed_out;
    result_.upload_artifacts = false;
    return finish();
  }
  switch (phase.on_failure) {
    case OnFailure::Continue:
      return run_phase(index + 1);
    case OnFailure::Retry:
      result_.retry =
          BuildRunResult::RetryRule{phase.on_failure_text, phase.retry_count, phase.retry_pattern};
      result_.upload_artifacts = false;
      return finish();
    case OnFailure::Abort:
      result_.upload_artifacts = false;
      return finish();
    case OnFailure::Default:
      break;
  }
  if (name == BuildPhaseName::Install || name == BuildPhaseName::PreBuild) {
    result_.upload_artifacts = false;
    return finish();
  }
  if (name == BuildPhaseName::Build) return run_phase(index + 1);
  finish();  // POST_BUILD failed: UPLOAD_ARTIFACTS is still attempted
}

void BuildRun::finish() {
  result_.artifact_names.assign(spec_.artifact_names.size(), "");
  for (std::size_t i = 0; i < spec_.artifact_names.size(); ++i) {
    const fs::path value = spec_.state_directory / "names" / (std::to_string(i) + ".value");
    std::error_code error;
    if (fs::exists(value, error)) result_.artifact_names[i] = read_small_file(value);
  }
  Completion done = std::move(done_);
  done_ = nullptr;
  if (done) done(std::move(result_));
}

}  // namespace lockstep::executors::local

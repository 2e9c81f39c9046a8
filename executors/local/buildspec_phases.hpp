// Runs a buildspec's phases in CodeBuild's order (BUILDSPEC.md A.4): one shell per phase, with the
// environment and working directory each phase leaves carried into the next.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/any_io_executor.hpp>

#include "executors/local/buildspec.hpp"
#include "executors/local/log_sink.hpp"
#include "executors/local/process_runner.hpp"

namespace lockstep::executors::local {

// "[Container] 2024/05/01 12:00:00.123456 <text>\n", the form of CodeBuild's own log lines.
std::string container_log_line(std::string_view text);

struct BuildRunSpec {
  Buildspec buildspec;                     // its phases and env.shell are used
  Environment environment;                 // the first phase's whole environment
  std::filesystem::path source_directory;  // CODEBUILD_SRC_DIR: where the first phase starts
  // Scratch folder for the phase scripts' commands and the state they hand on; created empty.
  std::filesystem::path state_directory;
  std::vector<std::string> secrets;
  std::shared_ptr<LogSink> log;
  std::chrono::milliseconds timeout{0};  // for the whole build; zero: none
  std::chrono::milliseconds kill_grace{std::chrono::seconds(10)};
  // Whether the result's environment must reflect the last phase (exported variables need it).
  bool capture_final_environment = true;
  // Each output artifact's `name` as written (empty: none), evaluated by the build's shell.
  std::vector<std::string> artifact_names;
};

struct BuildRunResult {
  bool succeeded = true;
  bool timed_out = false;
  bool stopped = false;
  // Whether UPLOAD_ARTIFACTS follows: not after INSTALL or PRE_BUILD failed, an ABORT, a
  // timeout or a stop; still after BUILD or POST_BUILD failed.
  bool upload_artifacts = true;
  std::string failure;  // the first failure as a sentence (secrets masked); empty on success
  // Set when the build ended on a phase whose on-failure is a RETRY form: whether another attempt
  // follows is for the caller to decide, since it counts the attempts.
  struct RetryRule {
    std::string form;  // as written: RETRY, RETRY-2, RETRY-2-regex, ...
    int count = 3;
    std::string pattern = ".*";
  };
  std::optional<RetryRule> retry;
  // artifact_names as the last phase's shell evaluated them; empty where none was given or the
  // evaluation produced nothing.
  std::vector<std::string> artifact_names;
  Environment
      environment;  // as the last completed phase left it: exported variables come from here
  std::filesystem::path working_directory;
};

class BuildRun : public std::enable_shared_from_this<BuildRun> {
 public:
  using Completion = std::function<void(BuildRunResult)>;

  // Returns at once; `done` is called exactly once, on `executor` (the runner's). `runner` must
  // outlive the run.
  static std::shared_ptr<BuildRun> start(boost::asio::any_io_executor executor,
                                         ProcessRunner& runner, BuildRunSpec spec, Completion done);

  // From any thread: the running phase's process tree is killed and no later phase starts.
  void cancel();

  BuildRun(boost::asio::any_io_executor executor, ProcessRunner& runner, BuildRunSpec spec,
           Completion done);

 private:
  void run_phase(std::size_t index);
  void on_phase_done(std::size_t index, const ProcessResult& process);
  void load_state();
  void finish();
  void write_log(const std::string& text);
  std::string phase_failure(BuildPhaseName phase, const ProcessResult& process) const;

  boost::asio::any_io_executor executor_;
  ProcessRunner& runner_;
  BuildRunSpec spec_;
  Completion done_;
  Shell shell_ = Shell::Sh;
  std::chrono::steady_clock::time_point deadline_;
  BuildRunResult result_;
  std::mutex mutex_;  // guards cancelled_ and current_
  bool cancelled_ = false;
  ProcessHandle current_;
};

}  // namespace lockstep::executors::local

#include "executors/local/git_source_executor.hpp"

#include <ctime>
#include <exception>
#include <filesystem>
#include <optional>
#include <utility>

#include <fmt/format.h>
#include <boost/asio/post.hpp>

#include "executors/local/log_sink.hpp"

namespace lockstep::executors::local {
namespace {

constexpr std::size_t kCommitMessageLimit = 100 * 1024;  // CommitMessage (SEMANTICS §13.3)
constexpr std::size_t kSummaryLimit = 2048;              // revisionSummary (SEMANTICS §12.7)

// Cuts at a character boundary: a cut inside a UTF-8 sequence would leave invalid text.
std::string cut_utf8(std::string text, std::size_t limit) {
  if (text.size() <= limit) return text;
  std::size_t end = limit;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  text.resize(end);
  return text;
}

std::string trim_trailing_newlines(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  return text;
}

// ISO 8601 in UTC, as CodePipeline reports AuthorDate: 2024-05-01T12:00:00Z.
std::string iso8601(std::int64_t seconds) {
  const std::time_t time = static_cast<std::time_t>(seconds);
  std::tm utc{};
  gmtime_r(&time, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

// Where a person can see the commit, for hosts whose URL scheme we know.
std::string commit_url(const SourceRepository& repository, const std::string& commit) {
  std::string base = repository.display_url();
  if (!base.starts_with("https://github.com/") && !base.starts_with("https://gitlab.com/")) {
    return {};
  }
  if (base.ends_with(".git")) base.resize(base.size() - 4);
  return base + "/commit/" + commit;
}

// The fixed output variables of each provider, named as CodePipeline names them.
engine::VariableValues output_variables(const GitSourceAction& source,
                                        const SourceRepository& repository,
                                        const CommitInfo& commit, const std::string& message) {
  engine::VariableValues variables{{"CommitId", commit.id},
                                   {"CommitMessage", message},
                                   {"AuthorDate", iso8601(commit.author.time)},
                                   {"BranchName", source.branch}};
  switch (source.provider) {
    case GitSourceProvider::CodeStarSourceConnection:
      variables["ConnectionArn"] = source.connectionArn;
      variables["FullRepositoryName"] = source.repositoryId;
      break;
    case GitSourceProvider::GitHub:
      variables["CommitterDate"] = iso8601(commit.committer.time);
      variables["CommitUrl"] = commit_url(repository, commit.id);
      variables["RepositoryName"] = source.repositoryId.substr(source.repositoryId.find('/') + 1);
      break;
    case GitSourceProvider::CodeCommit:
      variables["CommitterDate"] = iso8601(commit.committer.time);
      variables["RepositoryName"] = source.repositoryId;
      break;
  }
  return variables;
}

// The commit the execution pinned for this action, if any (SEMANTICS §16.4, §16.5).
std::optional<std::string> pinned_commit(const engine::StartAction& action) {
  for (const engine::SourceRevision& revision : action.sourceRevisions) {
    if (revision.actionName == action.action.name && revision.revisionType == "COMMIT_ID") {
      return revision.revisionValue;
    }
  }
  return std::nullopt;
}

engine::ActionCompleted completion_for(const engine::StartAction& action) {
  engine::ActionCompleted completed;
  completed.pipelineName = action.pipelineName;
  completed.pipelineExecutionId = action.pipelineExecutionId;
  completed.actionExecutionId = action.actionExecutionId;
  return completed;
}

engine::ActionCompleted failed(const engine::StartAction& action, const std::string& code,
                               const std::string& sentence) {
  engine::ActionCompleted completed = completion_for(action);
  completed.outcome = engine::ActionOutcome::Failed;
  completed.summary = sentence;
  completed.errorDetails = engine::ErrorDetails{code, sentence};
  return completed;
}

// Opens the attempt's log; the action still runs when the log cannot be written.
std::shared_ptr<LogSink> open_log(const Workspace& workspace, const engine::StartAction& action) {
  try {
    return workspace.open_log(action.pipelineExecutionId, action.actionExecutionId);
  } catch (const std::exception&) {
    return nullptr;
  }
}

}  // namespace

GitSourceExecutor::GitSourceExecutor(Workspace workspace, RepositoryMirrors& mirrors,
                                     std::size_t threads)
    : workspace_(std::move(workspace)), mirrors_(mirrors), pool_(threads == 0 ? 1 : threads) {}

GitSourceExecutor::~GitSourceExecutor() {
  pool_.join();
}

void GitSourceExecutor::start(const engine::StartAction& action, engine::CompletionHandler done) {
  auto stop = std::make_shared<std::atomic<bool>>(false);
  {
    const std::lock_guard<std::mutex> guard(mutex_);
    running_[action.actionExecutionId] = stop;
  }
  boost::asio::post(pool_, [this, action, done = std::move(done), stop]() {
    engine::ActionCompleted completed;
    try {
      completed = run(action, *stop);
    } catch (const std::exception& error) {
      completed = failed(action, "JobFailed",
                         std::string("the source action failed unexpectedly: ") + error.what());
    }
    {
      const std::lock_guard<std::mutex> guard(mutex_);
      running_.erase(action.actionExecutionId);
    }
    done(std::move(completed));
  });
}

void GitSourceExecutor::cancel(const engine::CancelAction& cancel) {
  const std::lock_guard<std::mutex> guard(mutex_);
  if (const auto it = running_.find(cancel.actionExecutionId); it != running_.end()) {
    it->second->store(true);
  }
}

bool GitSourceExecutor::resumes(const engine::StartAction& /*action*/) const {
  return false;
}

engine::ActionCompleted GitSourceExecutor::run(const engine::StartAction& action,
                                               const std::atomic<bool>& stop) {
  const auto source = read_git_source_action(action.action, action.resolvedConfiguration);
  if (!source) {
    return failed(action, "ConfigurationError",
                  "action " + action.action.name + " is not a Git source action");
  }
  if (action.action.outputArtifacts.size() != 1) {
    return failed(action, "ConfigurationError",
                  "a source action declares exactly one output artifact");
  }
  auto located = mirrors_.locate(*source);
  if (const auto* why = std::get_if<std::string>(&located)) {
    return failed(action, "ConfigurationError", *why);
  }
  const SourceRepository& repository = std::get<SourceRepository>(located);
  if (!is_valid_branch_name(source->branch)) {
    return failed(action, "ConfigurationError",
                  fmt::format("branch name \"{}\" is not a valid Git branch name", source->branch));
  }

  const auto log = open_log(workspace_, action);
  const auto say = [&log](const std::string& line) {
    if (log) log->write(line + "\n");
  };
  struct CloseLog {
    std::shared_ptr<LogSink> log;
    ~CloseLog() {
      if (log) log->close();
    }
  } close_log{log};

  if (stop.load()) return failed(action, "JobFailed", "the source action was stopped");
  say("Fetching " + repository.describe());
  std::optional<RepositoryMirrors::Updated> updated;
  try {
    updated.emplace(mirrors_.update(repository, [&stop] { return stop.load(); }));
  } catch (const GitError& error) {
    if (error.is_stopped()) return failed(action, "JobFailed", "the source action was stopped");
    const std::string sentence =
        fmt::format("cannot fetch repository {}: {}", repository.describe(), error.reason());
    say(sentence);
    return failed(action, error.is_authentication() ? "PermissionError" : "SystemUnavailable",
                  sentence);
  }
  say(fmt::format("Fetched {} new objects ({} bytes)", updated->stats.received_objects,
                  updated->stats.received_bytes));
  GitRepository& mirror = updated->mirror;

  std::optional<CommitInfo> commit;
  if (const auto pinned = pinned_commit(action)) {
    commit = mirror.find_commit(*pinned);
    if (!commit) {
      const std::string sentence =
          fmt::format("commit {} does not exist in repository {}", *pinned, repository.describe());
      say(sentence);
      return failed(action, "RevisionUnavailable", sentence);
    }
  } else {
    const auto head = mirror.branch_head(source->branch);
    if (head) commit = mirror.find_commit(*head);
    if (!commit) {
      const std::string sentence = fmt::format("branch \"{}\" does not exist in repository {}",
                                               source->branch, repository.describe());
      say(sentence);
      return failed(action, "ConfigurationError", sentence);
    }
  }

  const engine::OutputArtifact& output = action.action.outputArtifacts.front();
  const auto folder = workspace_.artifact_directory(action, output.name);
  recreate_directory(folder);
  try {
    if (source->cloneRef) {
      mirror.clone_at(commit->id, folder, source->branch, repository.display_url());
    } else {
      mirror.export_tree(commit->id, folder);
    }
  } catch (const GitError& error) {
    const std::string sentence =
        fmt::format("cannot check out commit {} of repository {}: {}", commit->id,
                    repository.describe(), repository.scrub(error.reason()));
    say(sentence);
    return failed(action, "JobFailed", sentence);
  }
  say(fmt::format("Checked out {} into {}", commit->id, output.name));

  const std::string message =
      cut_utf8(trim_trailing_newlines(commit->message), kCommitMessageLimit);
  engine::ActionCompleted completed = completion_for(action);
  completed.outcome = engine::ActionOutcome::Succeeded;
  completed.summary = cut_utf8(message, kSummaryLimit);
  completed.externalExecutionId = commit->id;
  completed.externalExecutionUrl = commit_url(repository, commit->id);
  completed.outputArtifacts.push_back({output.name, folder.string(), commit->id, ""});
  completed.outputVariables = output_variables(*source, repository, *commit, message);
  return completed;
}

}  // namespace lockstep::executors::local

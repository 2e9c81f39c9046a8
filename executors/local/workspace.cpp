#include "executors/local/workspace.hpp"

#include <utility>

namespace lockstep::executors::local {

namespace fs = std::filesystem;

namespace {

// Ids come from the engine, but a path component must never climb out of its folder.
std::string safe_component(const std::string& text) {
  std::string safe;
  safe.reserve(text.size());
  for (const char c : text) {
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                       c == '-' || c == '_' || c == '.';
    safe.push_back(plain ? c : '_');
  }
  if (safe.empty() || safe == "." || safe == "..") safe = "_" + safe;
  return safe;
}

}  // namespace

Workspace::Workspace(fs::path data_dir, LiveLogs* live_logs)
    : data_dir_(fs::absolute(std::move(data_dir))), live_logs_(live_logs) {}

fs::path Workspace::action_directory(const engine::StartAction& action) const {
  return data_dir_ / "work" / safe_component(action.pipelineExecutionId) /
         safe_component(action.actionExecutionId);
}

fs::path Workspace::artifact_directory(const engine::StartAction& action,
                                       const std::string& artifact_name) const {
  return data_dir_ / "artifacts" / safe_component(action.pipelineExecutionId) /
         safe_component(action.actionExecutionId) / safe_component(artifact_name);
}

fs::path Workspace::log_file(const std::string& pipeline_execution_id,
                             const std::string& action_execution_id) const {
  return data_dir_ / "logs" / safe_component(pipeline_execution_id) /
         (safe_component(action_execution_id) + ".log");
}

std::shared_ptr<LogSink> Workspace::open_log(const std::string& pipeline_execution_id,
                                             const std::string& action_execution_id) const {
  const fs::path file = log_file(pipeline_execution_id, action_execution_id);
  if (live_logs_) return live_logs_->open(action_execution_id, file);
  fs::create_directories(file.parent_path());
  return std::make_shared<LogSink>(file);
}

fs::path Workspace::mirror_directory(const std::string& repository_key) const {
  return data_dir_ / "git" / (safe_component(repository_key) + ".git");
}

void recreate_directory(const fs::path& path) {
  fs::remove_all(path);
  fs::create_directories(path);
}

void copy_artifact(const engine::ArtifactInstance& artifact, const fs::path& destination) {
  const fs::path source(artifact.location);
  if (!fs::is_directory(source)) {
    throw fs::filesystem_error("the artifact " + artifact.name + " is no longer stored", source,
                               std::make_error_code(std::errc::no_such_file_or_directory));
  }
  fs::create_directories(destination);
  fs::copy(source, destination,
           fs::copy_options::recursive | fs::copy_options::copy_symlinks |
               fs::copy_options::overwrite_existing);
}

}  // namespace lockstep::executors::local

// Where local actions keep their files under the data directory: one workspace per attempt, one
// folder per output artifact, one bare mirror per repository, one log per attempt.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "engine/effects.hpp"
#include "executors/local/live_logs.hpp"
#include "executors/local/log_sink.hpp"

namespace lockstep::executors::local {

// An artifact's `location` is the absolute path of a folder that holds its files; consumers copy
// that folder's contents into their own workspace, so a retried producer never changes what an
// earlier consumer saw.
class Workspace {
 public:
  // With `live_logs`, the logs opened through open_log() can be followed while actions run.
  explicit Workspace(std::filesystem::path data_dir, LiveLogs* live_logs = nullptr);

  const std::filesystem::path& data_dir() const { return data_dir_; }

  // <data-dir>/work/<pipeline execution>/<action execution>/, created empty on demand.
  std::filesystem::path action_directory(const engine::StartAction& action) const;
  // <data-dir>/artifacts/<pipeline execution>/<action execution>/<artifact name>/
  std::filesystem::path artifact_directory(const engine::StartAction& action,
                                           const std::string& artifact_name) const;
  // <data-dir>/logs/<pipeline execution>/<action execution>.log
  std::filesystem::path log_file(const std::string& pipeline_execution_id,
                                 const std::string& action_execution_id) const;
  // Opens log_file() for appending, creating its folder. Throws std::system_error.
  std::shared_ptr<LogSink> open_log(const std::string& pipeline_execution_id,
                                    const std::string& action_execution_id) const;
  // <data-dir>/git/<key with unsafe characters replaced>.git
  std::filesystem::path mirror_directory(const std::string& repository_key) const;

 private:
  std::filesystem::path data_dir_;
  LiveLogs* live_logs_;
};

// Makes `path` an empty folder (removing whatever was there), creating its parents.
void recreate_directory(const std::filesystem::path& path);

// Copies the artifact's files into `destination` (created if missing), keeping symbolic links as
// links. Throws std::filesystem::filesystem_error when the artifact's folder is gone.
void copy_artifact(const engine::ArtifactInstance& artifact,
                   const std::filesystem::path& destination);

}  // namespace lockstep::executors::local

// The Install lifecycle event of a local deployment: the previous deployment's files are moved
// aside, the appspec's `files` are copied under the deployment root, and everything moved aside
// is kept so that a failed deployment can be undone.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "executors/local/appspec.hpp"
#include "executors/local/deployment_root.hpp"

namespace lockstep::executors::local {

// What one deployment changed under the root, as far as it got.
struct InstallRecord {
  std::vector<std::string> installed;            // files it copied, relative to the root
  std::vector<std::string> created_directories;  // folders it created, parents first
  bool started = false;                          // something may have changed on disk
};

// Copies the revision's files. Throws std::runtime_error with a sentence for the user (a file
// that DISALLOW forbids to replace, a source missing from the revision, a destination leading out
// of the root); `record` then says what was already done. `log` gets one line per notable step.
void install_files(const AppSpec& appspec, const DeploymentRoot& root,
                   const std::string& deployment_id, const std::vector<std::string>& previous_files,
                   InstallRecord& record, const std::function<void(const std::string&)>& log);

// Undoes install_files: removes what it installed and puts back every file it moved aside (the
// previous revision's and any it overwrote), then removes the folders it created if empty.
void restore_previous_files(const DeploymentRoot& root, const std::string& deployment_id,
                            const InstallRecord& record);

}  // namespace lockstep::executors::local

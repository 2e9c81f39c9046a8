// A buildspec artifact's `name` (BUILDSPEC.md A.6): checked once the build's shell has evaluated
// it, and the artifact published under it in the project's artifact folder.
#pragma once

#include <filesystem>
#include <string>

namespace lockstep::executors::local {

struct ArtifactPublication {
  std::string name;                // the evaluated name, as a relative path
  std::filesystem::path location;  // where the files were published; empty: not published
  std::string error;               // a sentence when the name cannot be used; empty on success
  bool ok() const { return error.empty(); }
};

// `written` is the name as the buildspec gives it, `evaluated` what the shell made of it. The
// name must be a relative path without `..` (it names a place inside `artifacts_directory`).
// With an `artifacts_directory`, the files of `folder` are copied to <artifacts_directory>/<name>,
// replacing what an earlier build put there; without one the name is only checked.
ArtifactPublication publish_named_artifact(const std::string& written, const std::string& evaluated,
                                           const std::filesystem::path& folder,
                                           const std::filesystem::path& artifacts_directory);

}  // namespace lockstep::executors::local

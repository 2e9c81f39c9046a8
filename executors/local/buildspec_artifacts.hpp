// Selects a build's output files as an artifacts block describes (BUILDSPEC.md A.6) and copies
// them into an artifact folder.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>

#include "executors/local/buildspec.hpp"

namespace lockstep::executors::local {

struct ArtifactCollection {
  std::size_t files = 0;
  std::string error;  // a sentence when nothing could be uploaded; empty on success
  bool ok() const { return error.empty(); }
};

// Recreates `destination` and copies into it the files under `source_root` that the block's
// `files` select, relative to each directory `base-directory` matches (the directories themselves
// are not included), leaving out `exclude-paths`, flattened when `discard-paths` is set. Symbolic
// links are copied as links and never followed. Selecting no file is an error, as in CodeBuild.
ArtifactCollection collect_artifact(const ArtifactBlock& block,
                                    const std::filesystem::path& source_root,
                                    const std::filesystem::path& destination);

}  // namespace lockstep::executors::local

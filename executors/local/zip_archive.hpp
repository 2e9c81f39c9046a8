// The one place libzip is used: an artifact folder written as a zip file (CodePipeline's
// CODE_ZIP form, and S3 deploys without Extract).
#pragma once

#include <filesystem>

namespace lockstep::executors::local {

// Writes every file under `folder` into a new zip at `zip_file` (replacing it), named by their
// paths relative to `folder`, folders included, Unix modes kept so scripts stay executable.
// Symbolic links are stored as the files they point to. Throws std::runtime_error.
void write_zip(const std::filesystem::path& folder, const std::filesystem::path& zip_file);

}  // namespace lockstep::executors::local

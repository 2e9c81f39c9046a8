// Creates or updates, at start-up, the pipelines declared in the configured pipelines folder.
#pragma once

#include <filesystem>

#include "engine/clock.hpp"
#include "engine/store.hpp"

namespace lockstep::server {

struct PipelineFolderResult {
  int created = 0;
  int updated = 0;
  int unchanged = 0;
  int skipped = 0;  // invalid or unreadable files, and names declared twice
};

// Files are taken in name order. An invalid file is logged with every problem and skipped, so
// one bad declaration does not keep the server (and the other pipelines) from starting.
// Storage failures propagate as storage::StorageError.
PipelineFolderResult load_pipeline_folder(const std::filesystem::path& folder, engine::Store& store,
                                          const engine::Clock& clock);

}  // namespace lockstep::server

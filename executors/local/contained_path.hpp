// Paths from user documents (appspec entries, S3 object keys) made safe to join under a folder.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace lockstep::executors::local {

// The path with empty and "." parts dropped and ".." applied, with no leading "/"; nothing when
// a ".." climbs above where the path starts. "" means the starting folder itself.
std::optional<std::string> contained_path(std::string_view text);

}  // namespace lockstep::executors::local

#include "executors/local/buildspec_artifacts.hpp"

#include <algorithm>
#include <system_error>
#include <vector>

#include "engine/glob_pattern.hpp"
#include "executors/local/workspace.hpp"

namespace lockstep::executors::local {

namespace fs = std::filesystem;

namespace {

std::vector<engine::GlobPattern> compile(const std::vector<std::string>& patterns) {
  std::vector<engine::GlobPattern> compiled;
  for (const std::string& pattern : patterns) {
    std::string text = pattern;
    if (text.starts_with("./")) text = text.substr(2);
    compiled.emplace_back(text);
  }
  return compiled;
}

bool any_matches(const std::vector<engine::GlobPattern>& patterns, const std::string& path) {
  return std::any_of(patterns.begin(), patterns.end(),
                     [&](const engine::GlobPattern& p) { return p.matches(path); });
}

// The directories the files are taken relative to: the source root, or every directory whose
// path matches base-directory.
std::vector<fs::path> base_directories(const ArtifactBlock& block, const fs::path& root) {
  std::string pattern = block.base_directory;
  if (pattern.starts_with("./")) pattern = pattern.substr(2);
  while (pattern.size() > 1 && pattern.ends_with("/")) pattern.pop_back();
  if (pattern.empty() || pattern == ".") return {root};
  const engine::GlobPattern glob(pattern);
  std::vector<fs::path> bases;
  for (auto it = fs::recursive_directory_iterator(root); it != fs::recursive_directory_iterator();
       ++it) {
    if (!it->is_directory() || it->is_symlink()) continue;
    if (glob.matches(it->path().lexically_relative(root).generic_string())) {
      bases.push_back(it->path());
    }
  }
  std::sort(bases.begin(), bases.end());
  return bases;
}

}  // namespace

ArtifactCollection collect_artifact(const ArtifactBlock& block, const fs::path& source_root,
                                    const fs::path& destination) {
  ArtifactCollection result;
  try {
    recreate_directory(destination);
    const auto files = compile(block.files);
    const auto excluded = compile(block.exclude_paths);
    const auto bases = base_directories(block, source_root);
    if (bases.empty()) {
      result.error = "base-directory '" + block.base_directory + "' matches no directory";
      return result;
    }
    for (const fs::path& base : bases) {
      std::vector<fs::path> selected;
      for (auto it = fs::recursive_directory_iterator(base);
           it != fs::recursive_directory_iterator(); ++it) {
        if (it->is_directory() && !it->is_symlink()) continue;
        const std::string relative = it->path().lexically_relative(base).generic_string();
        if (!any_matches(files, relative) || any_matches(excluded, relative)) continue;
        selected.push_back(it->path());
      }
      std::sort(selected.begin(), selected.end());  // discard-paths: the last name wins, stably
      for (const fs::path& file : selected) {
        const fs::path target =
            destination / (block.discard_paths ? file.filename() : file.lexically_relative(base));
        fs::create_directories(target.parent_path());
        fs::remove(target);
        if (fs::is_symlink(fs::symlink_status(file))) {
          fs::copy_symlink(file, target);
        } else {
          fs::copy_file(file, target, fs::copy_options::overwrite_existing);
        }
        ++result.files;
      }
    }
  } catch (const fs::filesystem_error& error) {
    result.error = std::string("cannot copy the artifact files: ") + error.what();
    return result;
  }
  if (result.files == 0) result.error = "no matching artifact paths found";
  return result;
}

}  // namespace lockstep::executors::local

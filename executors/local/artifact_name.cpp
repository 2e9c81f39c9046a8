#include "executors/local/artifact_name.hpp"

#include <system_error>

#include "executors/local/workspace.hpp"

namespace lockstep::executors::local {

namespace fs = std::filesystem;

namespace {

// Long enough for any S3 key CodeBuild could have written the artifact to.
constexpr std::size_t kMaxNameBytes = 1024;

// "a//b/./c" -> "a/b/c"; empty when the name has a .. segment or characters no file name holds.
std::string normal_name(const std::string& evaluated) {
  if (evaluated.find('\0') != std::string::npos || evaluated.find('\n') != std::string::npos) {
    return "";
  }
  std::string normal;
  std::size_t start = 0;
  while (start <= evaluated.size()) {
    std::size_t end = evaluated.find('/', start);
    if (end == std::string::npos) end = evaluated.size();
    const std::string segment = evaluated.substr(start, end - start);
    if (segment == "..") return "";
    if (!segment.empty() && segment != ".") normal += (normal.empty() ? "" : "/") + segment;
    start = end + 1;
  }
  return normal;
}

}  // namespace

ArtifactPublication publish_named_artifact(const std::string& written, const std::string& evaluated,
                                           const fs::path& folder,
                                           const fs::path& artifacts_directory) {
  ArtifactPublication publication;
  if (evaluated.empty()) {
    publication.error = "artifacts name '" + written + "' evaluated to an empty name";
    return publication;
  }
  if (evaluated.size() > kMaxNameBytes) {
    publication.error = "artifacts name '" + written + "' evaluated to more than " +
                        std::to_string(kMaxNameBytes) + " bytes";
    return publication;
  }
  if (evaluated.starts_with("/")) {
    publication.error = "artifacts name '" + written + "' evaluated to '" + evaluated +
                        "', an absolute path; the name must be relative";
    return publication;
  }
  publication.name = normal_name(evaluated);
  if (publication.name.empty()) {
    publication.error = "artifacts name '" + written + "' evaluated to '" + evaluated +
                        "', which is not a relative path without ..";
    return publication;
  }
  if (artifacts_directory.empty()) return publication;

  const fs::path destination = artifacts_directory / publication.name;
  try {
    recreate_directory(destination);
    fs::copy(folder, destination, fs::copy_options::recursive | fs::copy_options::copy_symlinks);
  } catch (const fs::filesystem_error& error) {
    publication.error =
        "cannot publish the artifact as " + destination.string() + ": " + error.code().message();
    return publication;
  }
  publication.location = destination;
  return publication;
}

}  // namespace lockstep::executors::local

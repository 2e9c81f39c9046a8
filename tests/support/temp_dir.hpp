// A unique scratch directory for one test, removed with everything in it when the test ends.
#pragma once

#include <filesystem>
#include <string_view>

namespace lockstep::testing {

class TempDir {
 public:
  // Creates <system temp dir, normally /tmp>/<prefix>-XXXXXX with a unique suffix.
  explicit TempDir(std::string_view prefix = "lockstep-test");
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir();  // removes the tree; never throws

  const std::filesystem::path& path() const { return path_; }
  // A path inside the directory (nothing is created).
  std::filesystem::path operator/(std::string_view relative) const { return path_ / relative; }
  // Writes `content` to a file inside the directory, creating parent folders; returns its path.
  std::filesystem::path write(std::string_view relative, std::string_view content) const;

 private:
  std::filesystem::path path_;
};

}  // namespace lockstep::testing

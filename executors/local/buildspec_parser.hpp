// Reads buildspec.yml text into a Buildspec, reporting every problem with its line and key path.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "executors/local/buildspec.hpp"

namespace lockstep::executors::local {

struct BuildspecProblem {
  int line = 0;      // 1-based; 0 when the problem has no place in the text
  std::string path;  // dotted key path, e.g. "phases.build.commands[2]"; empty for the document
  std::string message;

  // "line 7, phases.build.on-failure: ..." as a person reads it in a summary or a log.
  std::string describe() const;
};

struct BuildspecParse {
  std::optional<Buildspec> buildspec;  // set only when there is no problem
  std::vector<BuildspecProblem> problems;
  bool ok() const { return problems.empty(); }
};

// Larger documents are refused before YAML parsing starts.
inline constexpr std::size_t kMaxBuildspecBytes = 1024 * 1024;

BuildspecParse parse_buildspec(std::string_view text);

// Every problem, one per line, for an action summary and the build log.
std::string describe_problems(const std::vector<BuildspecProblem>& problems);

}  // namespace lockstep::executors::local

// A parsed buildspec.yml (version 0.2, BUILDSPEC.md part A) as plain types.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace lockstep::executors::local {

// The four phases a buildspec may declare, in the order they run (A.4).
enum class BuildPhaseName { Install, PreBuild, Build, PostBuild };
inline constexpr std::array<BuildPhaseName, 4> kBuildPhases{
    BuildPhaseName::Install, BuildPhaseName::PreBuild, BuildPhaseName::Build,
    BuildPhaseName::PostBuild};

// "install", "pre_build", ... as the buildspec spells them.
const char* buildspec_key(BuildPhaseName phase);
// "INSTALL", "PRE_BUILD", ... as CodeBuild's logs and phase statuses spell them.
const char* phase_label(BuildPhaseName phase);

// What happens after a failed phase. Default: CodeBuild's own transitions (A.4 rule 4).
enum class OnFailure { Default, Abort, Continue, Retry };

struct BuildPhase {
  bool declared = false;
  OnFailure on_failure = OnFailure::Default;
  std::string on_failure_text;  // as written, for the log (RETRY-2-regex, ...)
  // RETRY forms: how many times the whole build is retried, and the pattern the failed phase's
  // error message must contain for a retry (A.4 rule 3: RETRY alone is 3 times and .*).
  int retry_count = 3;
  std::string retry_pattern = ".*";
  std::string run_as;
  std::vector<std::string> commands;
  std::vector<std::string> finally;
};

// One artifacts block: the top-level one or an entry of secondary-artifacts (A.6).
struct ArtifactBlock {
  std::vector<std::string> files;
  std::string name;
  std::string base_directory;
  bool discard_paths = false;
  std::vector<std::string> exclude_paths;
};

using NamedValues = std::vector<std::pair<std::string, std::string>>;  // in document order

struct Buildspec {
  std::string version;
  std::string shell;  // empty, "bash" or "/bin/sh"
  std::string run_as;
  NamedValues variables;
  NamedValues parameter_store;  // variable -> parameter name
  NamedValues secrets_manager;  // variable -> secret-id[:json-key[:version-stage[:version-id]]]
  std::vector<std::string> exported_variables;
  std::array<BuildPhase, 4> phases;  // indexed by BuildPhaseName
  std::optional<ArtifactBlock> artifacts;
  std::vector<std::pair<std::string, ArtifactBlock>> secondary_artifacts;

  BuildPhase& phase(BuildPhaseName name) { return phases[static_cast<std::size_t>(name)]; }
  const BuildPhase& phase(BuildPhaseName name) const {
    return phases[static_cast<std::size_t>(name)];
  }
};

}  // namespace lockstep::executors::local

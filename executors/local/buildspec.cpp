#include "executors/local/buildspec.hpp"

namespace lockstep::executors::local {

const char* buildspec_key(BuildPhaseName phase) {
  switch (phase) {
    case BuildPhaseName::Install:
      return "install";
    case BuildPhaseName::PreBuild:
      return "pre_build";
    case BuildPhaseName::Build:
      return "build";
    case BuildPhaseName::PostBuild:
      return "post_build";
  }
  return "build";
}

const char* phase_label(BuildPhaseName phase) {
  switch (phase) {
    case BuildPhaseName::Install:
      return "INSTALL";
    case BuildPhaseName::PreBuild:
      return "PRE_BUILD";
    case BuildPhaseName::Build:
      return "BUILD";
    case BuildPhaseName::PostBuild:
      return "POST_BUILD";
  }
  return "BUILD";
}

}  // namespace lockstep::executors::local

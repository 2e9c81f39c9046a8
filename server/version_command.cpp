// `lockstep version`: prints the version this binary was built as.
#include <fmt/core.h>

#include "lockstep/version.hpp"
#include "server/commands.hpp"

namespace lockstep::server {

int run_version() {
  fmt::print("lockstep {}\n", kVersion);
  return 0;
}

}  // namespace lockstep::server

// The `lockstep` command line: which commands and options exist, their usage texts, and
// turning argv into a call of the right command.
#pragma once

namespace lockstep::server {

// Exit status: the command's own, 0 for --help, 2 for a usage error (printed on stderr).
int run_cli(int argc, const char* const* argv);

}  // namespace lockstep::server

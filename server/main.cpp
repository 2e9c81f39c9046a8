// The `lockstep` binary: everything it does is in server/cli.cpp and the commands.
#include "server/cli.hpp"

int main(int argc, char** argv) {
  return lockstep::server::run_cli(argc, argv);
}

// `lockstep validate FILE...`: checks pipeline declarations and prints every problem found.
#include <fmt/core.h>

#include "server/commands.hpp"
#include "server/declaration_file.hpp"
#include "server/problem_output.hpp"

namespace lockstep::server {

int run_validate(const std::vector<std::string>& files) {
  bool unreadable = false;
  bool invalid = false;
  for (const std::string& file : files) {
    const DeclarationFile read = read_declaration_file(file);
    if (read.read_error) {
      fmt::print(stderr, "{}\n", format_problem(file, 0, "", *read.read_error));
      unreadable = true;
      continue;
    }
    if (read.parsed.ok()) {
      fmt::print("{}: ok\n", file);
      continue;
    }
    invalid = true;
    for (const auto& problem : read.parsed.problems) {
      fmt::print("{}\n", format_problem(file, problem));
    }
  }
  std::fflush(stdout);
  if (unreadable) return 2;
  return invalid ? 1 : 0;
}

}  // namespace lockstep::server

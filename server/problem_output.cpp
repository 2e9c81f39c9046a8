#include "server/problem_output.hpp"

namespace lockstep::server {

std::string format_problem(std::string_view file, int line, std::string_view path,
                           std::string_view message) {
  std::string text(file);
  if (!file.empty() && line > 0) text += ":" + std::to_string(line);
  if (!path.empty()) text += (text.empty() ? "" : ": ") + std::string(path);
  text += (text.empty() ? "" : ": ") + std::string(message);
  return text;
}

std::string format_problem(std::string_view file, const engine::Problem& problem) {
  return format_problem(file, problem.line, problem.path, problem.message);
}

std::string format_problem(const config::ConfigProblem& problem) {
  return format_problem(problem.file, problem.line, problem.key, problem.message);
}

}  // namespace lockstep::server

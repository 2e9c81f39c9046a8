// The one line format for a problem in a file: "FILE:LINE: path.to.field: sentence".
#pragma once

#include <string>
#include <string_view>

#include "config/server_config.hpp"
#include "engine/problem.hpp"

namespace lockstep::server {

// Parts that are unknown are left out: no line → "FILE: path: sentence", no path →
// "FILE:LINE: sentence", no file (an environment variable) → "path: sentence".
std::string format_problem(std::string_view file, int line, std::string_view path,
                           std::string_view message);

std::string format_problem(std::string_view file, const engine::Problem& problem);
std::string format_problem(const config::ConfigProblem& problem);

}  // namespace lockstep::server

// The daemon's log output: spdlog to stderr, as text for people or JSON lines for collectors.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace lockstep::server {

enum class LogFormat { Text, Json };

std::optional<LogFormat> parse_log_format(std::string_view);

// level: trace, debug, info, warn, error. Replaces spdlog's default logger.
void configure_logging(LogFormat format, std::string_view level);

}  // namespace lockstep::server

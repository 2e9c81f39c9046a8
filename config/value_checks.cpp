#include "config/value_checks.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <regex>

namespace lockstep::config {
namespace {

bool is_host_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '-' || c == '_';
}

bool is_ipv6_char(char c) {
  return (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || (c >= '0' && c <= '9') || c == ':' ||
         c == '.';
}

std::optional<std::uint16_t> parse_port(std::string_view text) {
  if (text.empty() || text.size() > 5) return std::nullopt;
  unsigned value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size() || value > 65535) {
    return std::nullopt;
  }
  return static_cast<std::uint16_t>(value);
}

}  // namespace

std::optional<ListenAddress> parse_listen(std::string_view text) {
  std::string_view host;
  std::string_view port;
  if (text.starts_with('[')) {
    // IPv6 needs brackets, or the port's colon would be ambiguous.
    const auto close = text.find(']');
    if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':') {
      return std::nullopt;
    }
    host = text.substr(1, close - 1);
    port = text.substr(close + 2);
    if (host.empty() || !std::all_of(host.begin(), host.end(), is_ipv6_char)) return std::nullopt;
  } else {
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos) return std::nullopt;
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
    if (host.empty() || !std::all_of(host.begin(), host.end(), is_host_char)) return std::nullopt;
  }
  const auto number = parse_port(port);
  if (!number) return std::nullopt;
  return ListenAddress{std::string(host), *number};
}

std::optional<std::string> check_listen(std::string_view text) {
  if (parse_listen(text)) return std::nullopt;
  return "must be HOST:PORT, for example 127.0.0.1:8080 or [::1]:8080 (port 0 picks a free port)";
}

std::optional<std::string> check_public_url(std::string_view text) {
  if (text.empty()) return std::nullopt;  // derived from listen
  for (std::string_view scheme : {"http://", "https://"}) {
    if (text.starts_with(scheme) && text.size() > scheme.size()) return std::nullopt;
  }
  return "must be an http:// or https:// URL, for example https://ci.example.com";
}

std::optional<std::string> check_required_path(std::string_view text) {
  if (!text.empty()) return std::nullopt;
  return "must name a directory";
}

std::optional<std::string> check_optional_path(std::string_view) {
  return std::nullopt;
}

std::optional<std::string> check_log_level(std::string_view text) {
  constexpr std::array<std::string_view, 5> levels{"trace", "debug", "info", "warn", "error"};
  if (std::find(levels.begin(), levels.end(), text) != levels.end()) return std::nullopt;
  return "must be one of trace, debug, info, warn, error";
}

std::optional<std::string> check_log_format(std::string_view text) {
  if (text == "text" || text == "json") return std::nullopt;
  return "must be text or json";
}

std::optional<std::string> check_region(std::string_view text) {
  static const std::regex pattern("[a-z]{2}(-[a-z]+)+-[0-9]+");
  if (std::regex_match(text.begin(), text.end(), pattern)) return std::nullopt;
  return "must be an AWS region name, for example us-east-1";
}

std::optional<std::string> check_account_id(std::string_view text) {
  const bool digits =
      std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (text.size() == 12 && digits) return std::nullopt;
  return "must be exactly 12 digits, for example 123456789012";
}

std::optional<std::string> check_interval_seconds(std::string_view text) {
  unsigned value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (!text.empty() && error == std::errc{} && end == text.data() + text.size() && value >= 1 &&
      value <= 86400) {
    return std::nullopt;
  }
  return "must be a whole number of seconds from 1 to 86400";
}

std::optional<std::string> check_retention_hours(std::string_view text) {
  unsigned value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (!text.empty() && error == std::errc{} && end == text.data() + text.size() && value >= 1 &&
      value <= 87600) {
    return std::nullopt;
  }
  return "must be a whole number of hours from 1 to 87600 (ten years)";
}

std::optional<std::string> check_webhook_secret(std::string_view text) {
  // Long enough for any generated secret, short enough that a pasted file is caught.
  constexpr std::size_t kLimit = 1024;
  if (text.size() > kLimit) return "must be at most 1024 characters";
  if (text.find_first_of("\r\n") != std::string_view::npos) return "must be one line";
  return std::nullopt;
}

std::optional<std::string> check_repository_name(std::string_view text) {
  const auto slash = text.find('/');
  if (slash == std::string_view::npos || slash == 0 || text.back() == '/' ||
      text.find_first_of(" \t\r\n") != std::string_view::npos) {
    return "must be a repository's full name, owner/name (GitLab: group/project)";
  }
  return std::nullopt;
}

std::optional<std::string> check_smtp_url(std::string_view text) {
  if (text.empty()) return std::nullopt;
  for (std::string_view scheme : {"smtp://", "smtps://"}) {
    if (!text.starts_with(scheme)) continue;
    const std::string_view rest = text.substr(scheme.size());
    const std::string_view host = rest.substr(0, rest.find_first_of(":/"));
    if (!host.empty() && std::all_of(host.begin(), host.end(), is_host_char)) return std::nullopt;
  }
  return "must be smtp://HOST:PORT or smtps://HOST:PORT, for example smtp://127.0.0.1:2525";
}

std::optional<std::string> check_optional_host(std::string_view text) {
  if (std::all_of(text.begin(), text.end(), is_host_char)) return std::nullopt;
  return "must be a host name or IPv4 address, for example smtp.example.com";
}

std::optional<std::string> check_port(std::string_view text) {
  if (const auto port = parse_port(text); port && *port != 0) return std::nullopt;
  return "must be a port number from 1 to 65535";
}

std::optional<std::string> check_boolean(std::string_view text) {
  if (text == "true" || text == "false") return std::nullopt;
  return "must be true or false";
}

std::optional<std::string> check_single_line(std::string_view text) {
  if (text.size() > 1024) return "must be at most 1024 characters";
  if (text.find_first_of("\r\n") == std::string_view::npos) return std::nullopt;
  return "must be on one line";
}

std::optional<std::string> check_variable_name(std::string_view text) {
  static const std::regex pattern("[A-Za-z_][A-Za-z0-9_]*");
  if (text.empty() || std::regex_match(text.begin(), text.end(), pattern)) return std::nullopt;
  return "must be an environment variable name, for example SMTP_PASSWORD";
}

std::optional<std::string> check_optional_mail_address(std::string_view text) {
  if (text.empty() || is_mail_address(text)) return std::nullopt;
  return "must be a plain mail address, for example lockstep@example.com";
}

std::optional<std::string> check_optional_web_url(std::string_view text) {
  if (text.size() > 2048) return "must be at most 2048 characters";
  return check_public_url(text);
}

bool is_mail_address(std::string_view text) {
  if (text.size() < 3 || text.size() > 254) return false;
  const auto at = text.find('@');
  if (at == 0 || at == std::string_view::npos || at == text.size() - 1) return false;
  if (text.find('@', at + 1) != std::string_view::npos) return false;
  const std::string_view forbidden = "<>()[]\\,;:\"";
  return std::all_of(text.begin(), text.end(), [&](char c) {
    return c > ' ' && c < 127 && forbidden.find(c) == std::string_view::npos;
  });
}

// AWS access key ids are letters and digits; 3 characters at least, as MinIO asks.
std::optional<std::string> check_access_key_id(std::string_view text) {
  const bool plain = std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
  });
  if (plain && text.size() >= 3 && text.size() <= 128) return std::nullopt;
  return "must be 3 to 128 letters, digits or underscores";
}

// The value is never repeated in the sentence: it is a secret.
std::optional<std::string> check_secret_access_key(std::string_view text) {
  const bool printable =
      std::all_of(text.begin(), text.end(), [](char c) { return c > ' ' && c < 127; });
  if (printable && text.size() >= 8 && text.size() <= 256) return std::nullopt;
  return "must be 8 to 256 printable characters without spaces";
}

std::optional<std::string> check_api_token(std::string_view text) {
  const bool printable =
      std::all_of(text.begin(), text.end(), [](char c) { return c > ' ' && c < 127; });
  if (printable && text.size() >= 16 && text.size() <= 512) return std::nullopt;
  return "must be 16 to 512 printable characters without spaces";
}

std::optional<std::string> check_api_role(std::string_view text) {
  if (text == "viewer" || text == "operator" || text == "admin") return std::nullopt;
  return "must be one of viewer, operator, admin";
}

}  // namespace lockstep::config

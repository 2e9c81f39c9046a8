// The rules each configuration value follows, shared by the file, the environment and CLI flags.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lockstep::config {

// HOST:PORT split apart; an IPv6 host keeps no brackets ("::1"). Port 0 asks for an ephemeral port.
struct ListenAddress {
  std::string host;
  std::uint16_t port = 0;
};

std::optional<ListenAddress> parse_listen(std::string_view text);

// Each check returns what is wrong as a sentence, or nothing when the value is acceptable.
// The sentences do not name the key: the caller knows whether it came from a file, a variable
// or a flag, and prefixes it accordingly.
using Check = std::optional<std::string> (*)(std::string_view);

std::optional<std::string> check_listen(std::string_view);
std::optional<std::string> check_public_url(std::string_view);
std::optional<std::string> check_required_path(std::string_view);
std::optional<std::string> check_optional_path(std::string_view);
std::optional<std::string> check_log_level(std::string_view);
std::optional<std::string> check_log_format(std::string_view);
std::optional<std::string> check_region(std::string_view);
std::optional<std::string> check_account_id(std::string_view);
std::optional<std::string> check_interval_seconds(std::string_view);
std::optional<std::string> check_retention_hours(std::string_view);
std::optional<std::string> check_webhook_secret(std::string_view);
std::optional<std::string> check_repository_name(std::string_view);
std::optional<std::string> check_smtp_url(std::string_view);
std::optional<std::string> check_optional_host(std::string_view);
std::optional<std::string> check_port(std::string_view);
std::optional<std::string> check_boolean(std::string_view);
std::optional<std::string> check_single_line(std::string_view);
std::optional<std::string> check_variable_name(std::string_view);
std::optional<std::string> check_optional_mail_address(std::string_view);
std::optional<std::string> check_optional_web_url(std::string_view);

// A plain address such as ops@example.com: no display name, nothing that could end an SMTP
// command or a mail header.
bool is_mail_address(std::string_view text);
std::optional<std::string> check_access_key_id(std::string_view);
std::optional<std::string> check_secret_access_key(std::string_view);
// api.tokens: a Bearer token, and the role it is given.
std::optional<std::string> check_api_token(std::string_view);
std::optional<std::string> check_api_role(std::string_view);

}  // namespace lockstep::config

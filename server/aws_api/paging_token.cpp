// Tokens are hex text of "lockstep-page\n<scope>\n<position>": cheap, stable across restarts, and
// a token for one pipeline or filter never passes as one for another.
#include "server/aws_api/paging_token.hpp"

namespace lockstep::server::aws_api {
namespace {

constexpr std::string_view kMagic = "lockstep-page\n";

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

}  // namespace

std::string make_paging_token(std::string_view scope, std::string_view position) {
  static constexpr char kDigits[] = "0123456789abcdef";
  const std::string plain = std::string(kMagic) + std::string(scope) + "\n" + std::string(position);
  std::string token;
  for (const char ch : plain) {
    const auto c = static_cast<unsigned char>(ch);
    token.push_back(kDigits[c >> 4]);
    token.push_back(kDigits[c & 0x0f]);
  }
  return token;
}

std::optional<std::string> read_paging_token(std::string_view token, std::string_view scope) {
  if (token.size() % 2 != 0) return std::nullopt;
  std::string plain;
  for (std::size_t i = 0; i < token.size(); i += 2) {
    const int high = hex_value(token[i]);
    const int low = hex_value(token[i + 1]);
    if (high < 0 || low < 0) return std::nullopt;
    plain.push_back(static_cast<char>(high * 16 + low));
  }
  const std::string prefix = std::string(kMagic) + std::string(scope) + "\n";
  if (!plain.starts_with(prefix)) return std::nullopt;
  return plain.substr(prefix.size());
}

}  // namespace lockstep::server::aws_api

#include "server/webhook_auth.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <array>
#include <cctype>
#include <vector>

namespace lockstep::server {
namespace {

using Digest = std::array<unsigned char, 32>;

Digest sha256(std::string_view data) {
  Digest digest{};
  unsigned int size = 0;
  EVP_Digest(data.data(), data.size(), digest.data(), &size, EVP_sha256(), nullptr);
  return digest;
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string sha256_hex(std::string_view data) {
  static constexpr char kHex[] = "0123456789abcdef";
  const Digest digest = sha256(data);
  std::string out;
  out.reserve(digest.size() * 2);
  for (unsigned char byte : digest) {
    out += kHex[byte >> 4];
    out += kHex[byte & 0x0f];
  }
  return out;
}

bool github_signature_matches(std::string_view body, std::string_view secret,
                              std::string_view header) {
  constexpr std::string_view kPrefix = "sha256=";
  if (!header.starts_with(kPrefix)) return false;
  const std::string_view hex = header.substr(kPrefix.size());
  Digest given{};
  if (hex.size() != given.size() * 2) return false;
  for (std::size_t i = 0; i < given.size(); ++i) {
    const int high = hex_value(hex[2 * i]);
    const int low = hex_value(hex[2 * i + 1]);
    if (high < 0 || low < 0) return false;
    given[i] = static_cast<unsigned char>(high * 16 + low);
  }
  Digest expected{};
  unsigned int size = 0;
  if (HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
           reinterpret_cast<const unsigned char*>(body.data()), body.size(), expected.data(),
           &size) == nullptr ||
      size != expected.size()) {
    return false;
  }
  return CRYPTO_memcmp(expected.data(), given.data(), expected.size()) == 0;
}

bool secrets_equal(std::string_view expected, std::string_view given) {
  // Hashing first makes the comparison length-independent: a shorter guess takes as long.
  const Digest a = sha256(expected);
  const Digest b = sha256(given);
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

WebhookSecrets::WebhookSecrets(std::string global,
                               const std::map<std::string, std::string>& by_repository)
    : global_(std::move(global)) {
  for (const auto& [repository, secret] : by_repository) byRepository_[lower(repository)] = secret;
}

std::optional<std::string> WebhookSecrets::for_repository(std::string_view repository) const {
  if (!repository.empty()) {
    if (auto it = byRepository_.find(lower(repository)); it != byRepository_.end())
      return it->second;
  }
  if (!global_.empty()) return global_;
  return std::nullopt;
}

std::vector<std::string> WebhookSecrets::all() const {
  std::vector<std::string> secrets;
  if (!global_.empty()) secrets.push_back(global_);
  for (const auto& [repository, secret] : byRepository_) secrets.push_back(secret);
  return secrets;
}

}  // namespace lockstep::server

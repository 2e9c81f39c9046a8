#include "server/api_v1/bearer_auth.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <stdexcept>

#include "server/api_v1/api_errors.hpp"

namespace lockstep::server::api_v1 {
namespace {

constexpr std::string_view kScheme = "Bearer ";
constexpr std::size_t kMaxTokenLength = 512;

std::array<unsigned char, 32> sha256(std::string_view text) {
  std::array<unsigned char, 32> digest{};
  unsigned int length = 0;
  if (EVP_Digest(text.data(), text.size(), digest.data(), &length, EVP_sha256(), nullptr) != 1 ||
      length != digest.size()) {
    throw std::runtime_error("SHA-256 is not available");
  }
  return digest;
}

HttpResponse unauthorized(std::string_view message) {
  HttpResponse response = api_error(http::status::unauthorized, "UnauthorizedException", message);
  response.set(http::field::www_authenticate, "Bearer realm=\"lockstep\"");
  return response;
}

}  // namespace

std::optional<Role> parse_role(std::string_view text) {
  if (text == "viewer") return Role::Viewer;
  if (text == "operator") return Role::Operator;
  if (text == "admin") return Role::Admin;
  return std::nullopt;
}

std::string_view to_string(Role role) {
  switch (role) {
    case Role::Viewer:
      return "viewer";
    case Role::Operator:
      return "operator";
    case Role::Admin:
      return "admin";
  }
  return "viewer";
}

BearerAuth::BearerAuth(const std::vector<ApiToken>& tokens, bool allow_unauthenticated)
    : allow_unauthenticated_(allow_unauthenticated) {
  for (const ApiToken& token : tokens) {
    entries_.push_back({token.name, sha256(token.token), token.role});
  }
}

Authorization BearerAuth::authorize(const HttpRequest& request, Role needed) const {
  const auto header = request.find(http::field::authorization);
  std::optional<Caller> caller;
  if (header == request.end()) {
    if (!allow_unauthenticated_) {
      return {std::nullopt, unauthorized("This request needs an Authorization: Bearer token")};
    }
    caller = Caller{"anonymous", Role::Admin};
  } else {
    const std::string_view value = header->value();
    if (!value.starts_with(kScheme) || value.size() - kScheme.size() > kMaxTokenLength) {
      return {std::nullopt, unauthorized("The Authorization header must be: Bearer <token>")};
    }
    const Digest digest = sha256(value.substr(kScheme.size()));
    // Every entry is compared, so the time taken does not tell which one matched.
    for (const Entry& entry : entries_) {
      if (CRYPTO_memcmp(entry.digest.data(), digest.data(), digest.size()) == 0) {
        caller = Caller{entry.name, entry.role};
      }
    }
    if (!caller) return {std::nullopt, unauthorized("The token is not valid")};
  }
  if (caller->role < needed) {
    return {std::nullopt,
            api_error(http::status::forbidden, "AccessDeniedException",
                      "This request needs the " + std::string(to_string(needed)) +
                          " role; the token has " + std::string(to_string(caller->role)))};
  }
  return {std::move(caller), std::nullopt};
}

}  // namespace lockstep::server::api_v1

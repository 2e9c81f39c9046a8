// Authenticating webhook deliveries: GitHub's HMAC signature, GitLab's token, secrets by
// repository.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lockstep::server {

// Hex SHA-256 of `data`, lower case.
std::string sha256_hex(std::string_view data);

// True when `header` is "sha256=<hex HMAC-SHA256 of body keyed with secret>". The digests are
// compared with CRYPTO_memcmp, so the time taken says nothing about how much of it matched.
bool github_signature_matches(std::string_view body, std::string_view secret,
                              std::string_view header);

// Constant-time equality of two secrets, whatever their lengths (both are hashed first).
bool secrets_equal(std::string_view expected, std::string_view given);

// The secret a repository's deliveries are checked with: its own entry (names compared ASCII
// case-insensitively, as GitHub and GitLab resolve them), else the global one; nullopt when
// neither is configured.
class WebhookSecrets {
 public:
  WebhookSecrets() = default;
  WebhookSecrets(std::string global, const std::map<std::string, std::string>& by_repository);

  std::optional<std::string> for_repository(std::string_view repository) const;
  const std::string& global() const { return global_; }
  // Every configured secret, global first: what a delivery whose repository is unknown (its body
  // is not JSON) may have been signed with.
  std::vector<std::string> all() const;

 private:
  std::string global_;
  std::map<std::string, std::string> byRepository_;  // keys lower-cased
};

}  // namespace lockstep::server

// Webhook authentication: GitHub's documented signature example, constant-time token checks and
// the choice between a repository's own secret and the global one.
#include <catch2/catch.hpp>

#include "server/webhook_auth.hpp"

using lockstep::server::github_signature_matches;
using lockstep::server::secrets_equal;
using lockstep::server::WebhookSecrets;

TEST_CASE("GitHub's documented signature example is accepted and any change is refused") {
  // From GitHub's "Validating webhook deliveries" page.
  const std::string signature =
      "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
  CHECK(github_signature_matches("Hello, World!", "It's a Secret to Everybody", signature));
  CHECK_FALSE(github_signature_matches("Hello, World?", "It's a Secret to Everybody", signature));
  CHECK_FALSE(github_signature_matches("Hello, World!", "another secret", signature));
  CHECK_FALSE(github_signature_matches("Hello, World!", "It's a Secret to Everybody",
                                       signature.substr(0, signature.size() - 2)));
  CHECK_FALSE(github_signature_matches("Hello, World!", "It's a Secret to Everybody",
                                       "sha1=757107ea0eb2509fc211221cce984b8a37570b6d"));
  CHECK_FALSE(github_signature_matches("Hello, World!", "It's a Secret to Everybody", ""));
}

TEST_CASE("tokens are equal only when they are the same text") {
  CHECK(secrets_equal("token-1", "token-1"));
  CHECK_FALSE(secrets_equal("token-1", "token-2"));
  CHECK_FALSE(secrets_equal("token-1", "token-12"));
  CHECK_FALSE(secrets_equal("token-1", ""));
}

TEST_CASE("a repository's own secret wins over the global one") {
  const WebhookSecrets secrets("global", {{"Acme/Web", "web-only"}});
  CHECK(secrets.for_repository("acme/web") == "web-only");
  CHECK(secrets.for_repository("ACME/WEB") == "web-only");
  CHECK(secrets.for_repository("acme/other") == "global");
  CHECK(secrets.for_repository("") == "global");
  const WebhookSecrets only_listed("", {{"acme/web", "web-only"}});
  CHECK_FALSE(only_listed.for_repository("acme/other"));
}

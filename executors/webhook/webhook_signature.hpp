// The X-Lockstep-Signature-256 header of Custom/Webhook requests: an HMAC-SHA256 of the body
// under the action's Secret, so the receiver knows the request came from this server.
#pragma once

#include <string>
#include <string_view>

namespace lockstep::executors::webhook {

inline constexpr const char* kSignatureHeader = "X-Lockstep-Signature-256";

// "sha256=" followed by the lower-case hex HMAC-SHA256 of `body` keyed with `secret`.
std::string webhook_signature(std::string_view secret, std::string_view body);

}  // namespace lockstep::executors::webhook

// AWS Signature Version 4: the canonical request, the string to sign and the signature, written
// by hand on OpenSSL's SHA-256 and HMAC because no Debian library offers them. Shared by the
// API's verification (server/aws_api) and the requests executors sign (executors/aws).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lockstep::executors::aws {

// A request as it arrived: the target as sent on the wire (path and query, percent-encoded), and
// every header in arrival order (a repeated name appears once per occurrence).
struct SignableRequest {
  std::string method;
  std::string target;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string payloadHash;  // hex SHA-256 of the body (or X-Amz-Content-Sha256 when sent)
};

std::string sha256_hex(std::string_view data);

// Task 1: the canonical request over `signedHeaders` (lower-case names, sorted as sent).
std::string canonical_request(const SignableRequest& request,
                              const std::vector<std::string>& signedHeaders);

// Task 2: "AWS4-HMAC-SHA256\n<amzDate>\n<scope>\n<hex sha256 of canonical request>".
std::string string_to_sign(std::string_view amzDate, std::string_view scope,
                           std::string_view canonicalRequest);

// Task 3: the signing key derived from the secret, then the hex signature of the string to sign.
std::string signing_key(std::string_view secret, std::string_view date, std::string_view region,
                        std::string_view service);
std::string signature_hex(std::string_view signingKey, std::string_view stringToSign);

}  // namespace lockstep::executors::aws

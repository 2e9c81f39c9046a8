// Signs an outgoing request to an AWS API with Signature Version 4 (the Authorization header and
// its companions), using the same canonicalisation as the server's own verification.
#pragma once

#include <ctime>
#include <string>
#include <utility>
#include <vector>

namespace lockstep::executors::aws {

struct AwsCredentials {
  std::string accessKeyId;
  std::string secretAccessKey;  // never logged
  std::string sessionToken;     // empty for long-term keys
  bool empty() const { return accessKeyId.empty() || secretAccessKey.empty(); }
};

struct SignedHeaders {
  // "Name: value" lines to send: Host, X-Amz-Date, the given ones, X-Amz-Security-Token when
  // there is a session token, and Authorization.
  std::vector<std::string> lines;
};

// `url` is http(s)://host[:port]/path?query; `headers` are the request's own (name, value),
// every one of them signed. Throws std::invalid_argument for a URL it cannot read.
SignedHeaders sign_request(const std::string& method, const std::string& url,
                           const std::vector<std::pair<std::string, std::string>>& headers,
                           const std::string& body, const AwsCredentials& credentials,
                           const std::string& region, const std::string& service, std::time_t now);

}  // namespace lockstep::executors::aws

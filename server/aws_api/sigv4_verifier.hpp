// Authenticates a request signed with SigV4 the way AWS does: known access key, credential scope,
// request time within 15 minutes of the server clock, host signed, signature compared in
// constant time.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/clock.hpp"
#include "executors/aws/sigv4.hpp"
#include "server/aws_api/aws_error.hpp"

namespace lockstep::server::aws_api {

struct AccessKey {
  std::string accessKeyId;
  std::string secretAccessKey;
};

struct Authentication {
  std::optional<AwsError> error;  // set: refuse the request with it
  std::string accessKeyId;        // who signed it, when error is empty
};

class SigV4Verifier {
 public:
  SigV4Verifier(std::vector<AccessKey> keys, std::string region, std::string service,
                const engine::Clock& clock);

  // `request.payloadHash` may be empty: the body's hash is then taken from `body`.
  Authentication verify(executors::aws::SignableRequest request, std::string_view body) const;
  Authentication verify(const HttpRequest& request) const;

 private:
  std::vector<AccessKey> keys_;
  std::string region_;
  std::string service_;
  const engine::Clock& clock_;
};

}  // namespace lockstep::server::aws_api

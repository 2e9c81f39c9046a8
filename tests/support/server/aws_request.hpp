// Raw HTTP requests to the CodePipeline API, signed with SigV4 as an SDK signs them, for tests
// that need to control every header (a wrong key, an old date, a missing target).
#pragma once

#include <cstdint>
#include <string>

#include "engine/clock.hpp"

namespace lockstep::testing {

struct AwsRequestOptions {
  std::string accessKeyId = "AKIDLOCKSTEPTEST";
  std::string secretAccessKey = "lockstep-test-secret";
  std::string region = "us-east-1";
  std::string service = "codepipeline";
  engine::Timestamp signedAt = 0;  // 0 = now
  bool sign = true;
  std::string target;  // X-Amz-Target; empty = "CodePipeline_20150709.<operation>"
};

// The full request text (request line, headers, body) for POST / with Connection: close.
std::string aws_request(std::uint16_t port, const std::string& operation, const std::string& body,
                        const AwsRequestOptions& options = {});

// "20150830T123600Z" for a time.
std::string amz_date(engine::Timestamp milliseconds);

}  // namespace lockstep::testing

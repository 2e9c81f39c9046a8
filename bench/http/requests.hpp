// The requests the HTTP benchmarks send: a signed GitHub push delivery and signed CodePipeline
// API calls, each as a method, target, headers and body.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace lockstep::bench {

inline constexpr const char* kWebhookSecret = "bench-webhook-secret";
inline constexpr const char* kAccessKeyId = "AKIDBENCHEXAMPLE";
inline constexpr const char* kSecretAccessKey = "bench-secret-access-key";

struct BenchRequest {
  std::string method;
  std::string target;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

// A push of one commit to `branch` of bench/app, signed with kWebhookSecret. The delivery id is
// left out: every send sets its own.
BenchRequest github_push(std::uint16_t port, const std::string& branch);

// A CodePipeline JSON 1.1 call signed now with kAccessKeyId (valid for 15 minutes).
BenchRequest aws_call(std::uint16_t port, const std::string& operation, const std::string& body);

// Writes the request where bench/http/request.lua reads it: "METHOD TARGET", header lines, an
// empty line, the body.
void write_request_file(const BenchRequest& request, const std::string& file);

}  // namespace lockstep::bench

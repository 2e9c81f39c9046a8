// Publishes a message to an Amazon SNS topic: the Publish action of SNS's query protocol, signed
// with Signature Version 4, sent to AWS or to an endpoint that speaks the same API.
#pragma once

#include <ctime>
#include <optional>
#include <string>

#include "executors/aws/request_signer.hpp"

namespace lockstep::executors::aws {

struct SnsSettings {
  // http(s)://host[:port] of an SNS-compatible endpoint; empty: https://sns.<region>.amazonaws.com
  std::string endpointUrl;
  std::string region = "us-east-1";  // used when the topic ARN names none
  AwsCredentials credentials;
  long timeout_seconds = 30;
};

// The region an SNS topic ARN (arn:aws:sns:<region>:<account>:<name>) names; nothing when `arn`
// is not a topic ARN.
std::optional<std::string> topic_region(const std::string& arn);

// Nothing once SNS accepted the message, else a sentence (with SNS's error code when it sent one)
// that never holds the credentials. `subject` is cut to SNS's 100 characters.
std::optional<std::string> publish_to_sns(const SnsSettings& settings, const std::string& topic_arn,
                                          const std::string& subject, const std::string& message,
                                          std::time_t now);

}  // namespace lockstep::executors::aws

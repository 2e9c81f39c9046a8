// Requests the server signs for AWS APIs (executors/aws/request_signer) pass the SigV4 check the
// server applies to its own API, and a changed byte makes them fail it.
#include <catch2/catch.hpp>

#include <string>
#include <utility>
#include <vector>

#include "engine/clock.hpp"
#include "executors/aws/request_signer.hpp"
#include "server/aws_api/sigv4_verifier.hpp"

using lockstep::executors::aws::AwsCredentials;
using lockstep::executors::aws::sign_request;
using lockstep::executors::aws::SignableRequest;
using lockstep::server::aws_api::SigV4Verifier;

namespace {

// The lines sign_request returns, as the request the verifier reads: "Name: value" pairs.
SignableRequest as_received(const std::vector<std::string>& lines, const std::string& target) {
  SignableRequest request;
  request.method = "POST";
  request.target = target;
  for (const std::string& line : lines) {
    const std::size_t colon = line.find(": ");
    request.headers.emplace_back(line.substr(0, colon), line.substr(colon + 2));
  }
  return request;
}

}  // namespace

TEST_CASE("a request signed for SNS passes the server's own SigV4 verification") {
  const lockstep::engine::ManualClock clock(1700000000000);  // 2023-11-14T22:13:20Z
  const SigV4Verifier verifier({{"AKIDLOCAL", "secret/key+1"}}, "eu-west-1", "sns", clock);
  const std::string body =
      "Action=Publish&Version=2010-03-31&TopicArn=arn%3Aaws%3Asns%3Aeu-west-1%3A1%3At"
      "&Message=%7B%22a%22%3A1%7D";
  const auto signed_headers = sign_request(
      "POST", "http://127.0.0.1:5000/", {{"Content-Type", "application/x-www-form-urlencoded"}},
      body, AwsCredentials{"AKIDLOCAL", "secret/key+1", "session-token"}, "eu-west-1", "sns",
      1700000000);

  const auto request = as_received(signed_headers.lines, "/");
  const auto accepted = verifier.verify(request, body);
  INFO((accepted.error ? accepted.error->type + ": " + accepted.error->message : std::string()));
  CHECK_FALSE(accepted.error.has_value());
  CHECK(accepted.accessKeyId == "AKIDLOCAL");

  const auto tampered = verifier.verify(request, body + "&Subject=x");
  CHECK(tampered.error.has_value());
}

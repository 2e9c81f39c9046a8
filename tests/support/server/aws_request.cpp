#include "tests/support/server/aws_request.hpp"

#include <ctime>

#include "executors/aws/sigv4.hpp"

namespace lockstep::testing {

std::string amz_date(engine::Timestamp milliseconds) {
  const std::time_t seconds = static_cast<std::time_t>(milliseconds / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char text[20];
  std::strftime(text, sizeof text, "%Y%m%dT%H%M%SZ", &tm);
  return text;
}

std::string aws_request(std::uint16_t port, const std::string& operation, const std::string& body,
                        const AwsRequestOptions& options) {
  namespace sig = executors::aws;
  const std::string date =
      amz_date(options.signedAt != 0 ? options.signedAt : engine::SystemClock().now());
  const std::string host = "127.0.0.1:" + std::to_string(port);
  const std::string target =
      options.target.empty() ? "CodePipeline_20150709." + operation : options.target;
  sig::SignableRequest request;
  request.method = "POST";
  request.target = "/";
  request.headers = {{"Content-Type", "application/x-amz-json-1.1"},
                     {"Host", host},
                     {"X-Amz-Date", date},
                     {"X-Amz-Target", target}};
  request.payloadHash = sig::sha256_hex(body);
  std::string text = "POST / HTTP/1.1\r\n";
  for (const auto& [name, value] : request.headers) text += name + ": " + value + "\r\n";
  if (options.sign) {
    const std::string scope =
        date.substr(0, 8) + "/" + options.region + "/" + options.service + "/aws4_request";
    const std::string canonical =
        sig::canonical_request(request, {"content-type", "host", "x-amz-date", "x-amz-target"});
    const std::string signature =
        sig::signature_hex(sig::signing_key(options.secretAccessKey, date.substr(0, 8),
                                            options.region, options.service),
                           sig::string_to_sign(date, scope, canonical));
    text += "Authorization: AWS4-HMAC-SHA256 Credential=" + options.accessKeyId + "/" + scope +
            ", SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=" + signature +
            "\r\n";
  }
  text += "Content-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n";
  return text + body;
}

}  // namespace lockstep::testing

#include "executors/aws/sns_publish.hpp"

#include <stdexcept>
#include <string_view>
#include <vector>

#include "executors/approval/curl_delivery.hpp"

namespace lockstep::executors::aws {

namespace {

// SNS's limit for Subject.
constexpr std::size_t kMaxSubject = 100;

std::string form_encode(std::string_view text) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string out;
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '~') {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(kDigits[c >> 4]);
      out.push_back(kDigits[c & 0x0f]);
    }
  }
  return out;
}

// <Code>NotFound</Code> from an AWS query-protocol error document.
std::string error_code(const std::string& body) {
  const std::size_t start = body.find("<Code>");
  const std::size_t end = body.find("</Code>");
  if (start == std::string::npos || end == std::string::npos || end < start) return "";
  return body.substr(start + 6, end - start - 6);
}

}  // namespace

std::optional<std::string> topic_region(const std::string& arn) {
  // arn:<partition>:sns:<region>:<account>:<name>
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (int i = 0; i < 5; ++i) {
    const std::size_t colon = arn.find(':', start);
    if (colon == std::string::npos) return std::nullopt;
    parts.push_back(arn.substr(start, colon - start));
    start = colon + 1;
  }
  if (parts[0] != "arn" || parts[2] != "sns" || parts[3].empty() || start >= arn.size()) {
    return std::nullopt;
  }
  return parts[3];
}

std::optional<std::string> publish_to_sns(const SnsSettings& settings, const std::string& topic_arn,
                                          const std::string& subject, const std::string& message,
                                          std::time_t now) {
  const auto region = topic_region(topic_arn);
  if (!region) return "'" + topic_arn + "' is not an SNS topic ARN";
  if (settings.credentials.empty()) {
    return "no AWS credentials are configured (aws.access_key_id and aws.secret_access_key)";
  }
  const std::string url = settings.endpointUrl.empty()
                              ? "https://sns." + *region + ".amazonaws.com/"
                              : settings.endpointUrl;
  const std::string body = "Action=Publish&Version=2010-03-31&TopicArn=" + form_encode(topic_arn) +
                           "&Subject=" + form_encode(subject.substr(0, kMaxSubject)) +
                           "&Message=" + form_encode(message);
  SignedHeaders headers;
  try {
    headers = sign_request("POST", url,
                           {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}},
                           body, settings.credentials, *region, "sns", now);
  } catch (const std::invalid_argument& error) {
    return std::string("the SNS endpoint cannot be used: ") + error.what();
  }
  const approval::HttpAnswer answer =
      approval::post_request(url, headers.lines, body, settings.timeout_seconds);
  if (answer.status == 0) return "SNS could not be reached: " + answer.error;
  if (answer.status < 200 || answer.status > 299) {
    const std::string code = error_code(answer.body);
    return "SNS refused to publish to " + topic_arn + ": HTTP " + std::to_string(answer.status) +
           (code.empty() ? "" : " " + code);
  }
  return std::nullopt;
}

}  // namespace lockstep::executors::aws

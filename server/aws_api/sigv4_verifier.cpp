// Error names and wording follow what AWS answers for the same mistakes, so SDKs and the CLI show
// users the messages they already know. Secrets never appear in a message or a log line.
#include "server/aws_api/sigv4_verifier.hpp"

#include <openssl/crypto.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <optional>

namespace lockstep::server::aws_api {

using executors::aws::canonical_request;
using executors::aws::sha256_hex;
using executors::aws::SignableRequest;
using executors::aws::signature_hex;
using executors::aws::signing_key;
using executors::aws::string_to_sign;

namespace {

constexpr std::int64_t kAllowedSkewMs = 15 * 60 * 1000;

Authentication refuse(const char* type, std::string message) {
  return {AwsError{type, std::move(message), status_of(type)}, {}};
}

std::string trim(std::string_view s) {
  const auto begin = s.find_first_not_of(" \t");
  if (begin == std::string_view::npos) return {};
  const auto end = s.find_last_not_of(" \t");
  return std::string(s.substr(begin, end - begin + 1));
}

std::vector<std::string> split(std::string_view s, char separator) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (;;) {
    const std::size_t end = s.find(separator, start);
    parts.push_back(std::string(s.substr(start, end - start)));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return parts;
}

const std::string* header(const SignableRequest& request, std::string_view lower_name) {
  for (const auto& [name, value] : request.headers) {
    if (name.size() != lower_name.size()) continue;
    if (std::equal(name.begin(), name.end(), lower_name.begin(),
                   [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == b; }))
      return &value;
  }
  return nullptr;
}

// "20150830T123600Z" as milliseconds since the epoch; nothing when malformed.
std::optional<std::int64_t> parse_amz_date(std::string_view text) {
  if (text.size() != 16 || text[8] != 'T' || text[15] != 'Z') return std::nullopt;
  for (std::size_t i = 0; i < 15; ++i) {
    if (i != 8 && (text[i] < '0' || text[i] > '9')) return std::nullopt;
  }
  auto number = [&](std::size_t at, std::size_t length) {
    return std::atoi(std::string(text.substr(at, length)).c_str());
  };
  std::tm tm{};
  tm.tm_year = number(0, 4) - 1900;
  tm.tm_mon = number(4, 2) - 1;
  tm.tm_mday = number(6, 2);
  tm.tm_hour = number(9, 2);
  tm.tm_min = number(11, 2);
  tm.tm_sec = number(13, 2);
  if (tm.tm_mon < 0 || tm.tm_mon > 11 || tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 ||
      tm.tm_min > 59 || tm.tm_sec > 60) {
    return std::nullopt;
  }
  return static_cast<std::int64_t>(timegm(&tm)) * 1000;
}

std::string format_amz_date(std::int64_t ms) {
  const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char text[20];
  std::strftime(text, sizeof text, "%Y%m%dT%H%M%SZ", &tm);
  return text;
}

}  // namespace

SigV4Verifier::SigV4Verifier(std::vector<AccessKey> keys, std::string region, std::string service,
                             const engine::Clock& clock)
    : keys_(std::move(keys)),
      region_(std::move(region)),
      service_(std::move(service)),
      clock_(clock) {}

Authentication SigV4Verifier::verify(const HttpRequest& request) const {
  SignableRequest signable;
  signable.method = std::string(request.method_string());
  signable.target = std::string(request.target());
  for (const auto& field : request) {
    signable.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  }
  return verify(std::move(signable), request.body());
}

Authentication SigV4Verifier::verify(SignableRequest request, std::string_view body) const {
  const std::string* authorization_header = header(request, "authorization");
  if (authorization_header == nullptr) {
    return refuse("MissingAuthenticationTokenException", "Missing Authentication Token");
  }
  const std::string authorization = trim(*authorization_header);
  constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256 ";
  if (!std::string_view(authorization).starts_with(kAlgorithm)) {
    return refuse("IncompleteSignature",
                  "Authorization header requires the AWS4-HMAC-SHA256 algorithm");
  }
  std::string credential, signed_headers, signature;
  for (const std::string& part :
       split(std::string_view(authorization).substr(kAlgorithm.size()), ',')) {
    const std::string item = trim(part);
    const std::size_t eq = item.find('=');
    if (eq == std::string::npos) continue;
    const std::string key = item.substr(0, eq);
    const std::string value = item.substr(eq + 1);
    if (key == "Credential") credential = value;
    if (key == "SignedHeaders") signed_headers = value;
    if (key == "Signature") signature = value;
  }
  std::vector<std::string> missing;
  if (credential.empty()) missing.push_back("Credential");
  if (signed_headers.empty()) missing.push_back("SignedHeaders");
  if (signature.empty()) missing.push_back("Signature");
  if (!missing.empty()) {
    std::string list;
    for (const std::string& m : missing) list += (list.empty() ? "" : ", ") + m;
    return refuse("IncompleteSignature", "Authorization header requires " + list + " parameter(s)");
  }

  const std::vector<std::string> scope = split(credential, '/');
  if (scope.size() != 5) {
    return refuse("IncompleteSignature",
                  "Credential must have exactly 5 slash-delimited elements, e.g. "
                  "keyid/date/region/service/aws4_request");
  }
  const AccessKey* key = nullptr;
  for (const AccessKey& candidate : keys_) {
    if (candidate.accessKeyId == scope[0]) key = &candidate;
  }
  if (key == nullptr) {
    return refuse("InvalidClientTokenId", "The security token included in the request is invalid.");
  }

  const std::string* date_value = header(request, "x-amz-date");
  if (date_value == nullptr) date_value = header(request, "date");
  const std::string date = date_value == nullptr ? std::string() : trim(*date_value);
  const std::string* date_header = &date;
  const std::optional<std::int64_t> signed_at = parse_amz_date(date);
  if (!signed_at) {
    return refuse("IncompleteSignature",
                  "Authorization requires an X-Amz-Date header in the form YYYYMMDD'T'HHMMSS'Z'");
  }
  if (scope[1] != date_header->substr(0, 8)) {
    return refuse("InvalidSignatureException",
                  "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of "
                  "date from HTTP: '" +
                      scope[1] + "' != '" + date_header->substr(0, 8) + "'");
  }
  if (scope[2] != region_) {
    return refuse("InvalidSignatureException",
                  "Credential should be scoped to a valid region, not '" + scope[2] + "'.");
  }
  if (scope[3] != service_) {
    return refuse("InvalidSignatureException",
                  "Credential should be scoped to correct service: '" + service_ + "'.");
  }
  if (scope[4] != "aws4_request") {
    return refuse("InvalidSignatureException",
                  "Credential should be scoped with a valid terminator: 'aws4_request', not '" +
                      scope[4] + "'.");
  }
  const std::int64_t now = clock_.now();
  if (*signed_at < now - kAllowedSkewMs || *signed_at > now + kAllowedSkewMs) {
    return refuse("RequestExpired", "Signature expired: " + *date_header + " is now earlier than " +
                                        format_amz_date(now - kAllowedSkewMs) + " (" +
                                        format_amz_date(now) + " - 15 min.)");
  }

  const std::vector<std::string> names = split(signed_headers, ';');
  if (std::find(names.begin(), names.end(), "host") == names.end()) {
    return refuse("InvalidSignatureException",
                  "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
  }
  if (request.payloadHash.empty()) {
    const std::string* content_hash = header(request, "x-amz-content-sha256");
    request.payloadHash = content_hash != nullptr ? *content_hash : sha256_hex(body);
  }

  const std::string canonical = canonical_request(request, names);
  const std::string scope_text = scope[1] + "/" + scope[2] + "/" + scope[3] + "/" + scope[4];
  const std::string to_sign = string_to_sign(*date_header, scope_text, canonical);
  const std::string expected =
      signature_hex(signing_key(key->secretAccessKey, scope[1], scope[2], scope[3]), to_sign);
  if (expected.size() != signature.size() ||
      CRYPTO_memcmp(expected.data(), signature.data(), expected.size()) != 0) {
    return refuse("InvalidSignatureException",
                  "The request signature we calculated does not match the signature you "
                  "provided. Check your AWS Secret Access Key and signing method. Consult the "
                  "service documentation for details.");
  }
  return {std::nullopt, key->accessKeyId};
}

}  // namespace lockstep::server::aws_api

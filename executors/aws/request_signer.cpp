#include "executors/aws/request_signer.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include <boost/url/parse.hpp>

#include "executors/aws/sigv4.hpp"

namespace lockstep::executors::aws {

namespace {

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

std::string amz_date(std::time_t now) {
  std::tm utc{};
  ::gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y%m%dT%H%M%SZ", &utc);
  return text;
}

}  // namespace

SignedHeaders sign_request(const std::string& method, const std::string& url,
                           const std::vector<std::pair<std::string, std::string>>& headers,
                           const std::string& body, const AwsCredentials& credentials,
                           const std::string& region, const std::string& service, std::time_t now) {
  const auto parsed = boost::urls::parse_uri(url);
  if (!parsed || parsed->host().empty()) {
    throw std::invalid_argument("'" + url + "' is not an http(s) URL");
  }
  const std::string host = std::string(parsed->encoded_host()) +
                           (parsed->has_port() ? ":" + std::string(parsed->port()) : std::string());
  std::string target = std::string(parsed->encoded_path());
  if (target.empty()) target = "/";
  if (parsed->has_query()) target += "?" + std::string(parsed->encoded_query());

  const std::string date = amz_date(now);
  SignableRequest request;
  request.method = method;
  request.target = target;
  request.headers = {{"host", host}, {"x-amz-date", date}};
  for (const auto& [name, value] : headers) request.headers.emplace_back(lower(name), value);
  if (!credentials.sessionToken.empty()) {
    request.headers.emplace_back("x-amz-security-token", credentials.sessionToken);
  }
  request.payloadHash = sha256_hex(body);

  std::vector<std::string> names;
  for (const auto& header : request.headers) names.push_back(header.first);
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  std::string signed_names;
  for (const std::string& name : names) signed_names += (signed_names.empty() ? "" : ";") + name;

  const std::string scope = date.substr(0, 8) + "/" + region + "/" + service + "/aws4_request";
  const std::string signature =
      signature_hex(signing_key(credentials.secretAccessKey, date.substr(0, 8), region, service),
                    string_to_sign(date, scope, canonical_request(request, names)));

  SignedHeaders signed_headers;
  signed_headers.lines.push_back("Host: " + host);
  signed_headers.lines.push_back("X-Amz-Date: " + date);
  for (const auto& [name, value] : headers) signed_headers.lines.push_back(name + ": " + value);
  if (!credentials.sessionToken.empty()) {
    signed_headers.lines.push_back("X-Amz-Security-Token: " + credentials.sessionToken);
  }
  signed_headers.lines.push_back(
      "Authorization: AWS4-HMAC-SHA256 Credential=" + credentials.accessKeyId + "/" + scope +
      ", SignedHeaders=" + signed_names + ", Signature=" + signature);
  return signed_headers;
}

}  // namespace lockstep::executors::aws

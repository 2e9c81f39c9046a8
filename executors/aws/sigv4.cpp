// Canonicalisation follows AWS's published rules and test suite: paths are normalised (dot
// segments removed, repeated slashes collapsed) and encoded once, query parameters are decoded,
// re-encoded strictly and sorted, header values are trimmed with inner runs of spaces collapsed.
#include "executors/aws/sigv4.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <map>

namespace lockstep::executors::aws {
namespace {

std::string hex(const unsigned char* data, std::size_t size) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(size * 2);
  for (std::size_t i = 0; i < size; ++i) {
    out.push_back(kDigits[data[i] >> 4]);
    out.push_back(kDigits[data[i] & 0x0f]);
  }
  return out;
}

std::string hmac(std::string_view key, std::string_view data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> out{};
  unsigned int size = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), out.data(), &size);
  return std::string(reinterpret_cast<const char*>(out.data()), size);
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// '+' stays '+': SigV4 clients encode a space as %20, and AWS does not read '+' as a space.
std::string percent_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      const int high = hex_value(text[i + 1]);
      const int low = hex_value(text[i + 2]);
      if (high >= 0 && low >= 0) {
        out.push_back(static_cast<char>(high * 16 + low));
        i += 2;
        continue;
      }
    }
    out.push_back(text[i]);
  }
  return out;
}

bool unreserved(unsigned char c) {
  return std::isalnum(c) != 0 || c == '-' || c == '_' || c == '.' || c == '~';
}

std::string uri_encode(std::string_view text, bool keep_slash) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string out;
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (unreserved(c) || (keep_slash && c == '/')) {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(kDigits[c >> 4]);
      out.push_back(kDigits[c & 0x0f]);
    }
  }
  return out;
}

std::string canonical_path(std::string_view raw) {
  const std::string decoded = percent_decode(raw);
  std::vector<std::string> segments;
  std::size_t start = 0;
  while (start <= decoded.size()) {
    const std::size_t slash = decoded.find('/', start);
    const std::size_t end = slash == std::string::npos ? decoded.size() : slash;
    const std::string segment = decoded.substr(start, end - start);
    if (segment == "..") {
      if (!segments.empty()) segments.pop_back();
    } else if (!segment.empty() && segment != ".") {
      segments.push_back(segment);
    }
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  std::string path = "/";
  for (std::size_t i = 0; i < segments.size(); ++i) {
    if (i > 0) path += '/';
    path += uri_encode(segments[i], false);
  }
  // A trailing slash is part of the resource ("/example/" differs from "/example").
  const bool trailing = decoded.size() > 1 && decoded.back() == '/' && !segments.empty();
  if (trailing) path += '/';
  return path;
}

std::string canonical_query(std::string_view raw) {
  std::vector<std::pair<std::string, std::string>> params;
  std::size_t start = 0;
  while (start < raw.size()) {
    std::size_t end = raw.find('&', start);
    if (end == std::string_view::npos) end = raw.size();
    const std::string_view pair = raw.substr(start, end - start);
    if (!pair.empty()) {
      const std::size_t eq = pair.find('=');
      const std::string_view key = pair.substr(0, eq);
      const std::string_view value =
          eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
      params.emplace_back(uri_encode(percent_decode(key), false),
                          uri_encode(percent_decode(value), false));
    }
    start = end + 1;
  }
  std::sort(params.begin(), params.end());
  std::string out;
  for (const auto& [key, value] : params) {
    if (!out.empty()) out += '&';
    out += key + "=" + value;
  }
  return out;
}

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string trim_all(std::string_view value) {
  std::string out;
  bool space = false;
  for (const char c : value) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

}  // namespace

std::string sha256_hex(std::string_view data) {
  std::array<unsigned char, SHA256_DIGEST_LENGTH> digest{};
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest.data());
  return hex(digest.data(), digest.size());
}

std::string canonical_request(const SignableRequest& request,
                              const std::vector<std::string>& signedHeaders) {
  const std::size_t question = request.target.find('?');
  const std::string_view target(request.target);
  const std::string_view path = target.substr(0, question);
  const std::string_view query =
      question == std::string::npos ? std::string_view() : target.substr(question + 1);

  std::map<std::string, std::string> values;  // by lower-case name, repeated values joined
  for (const auto& [name, value] : request.headers) {
    const std::string key = lower(name);
    auto [it, inserted] = values.emplace(key, trim_all(value));
    if (!inserted) it->second += "," + trim_all(value);
  }
  std::string headers;
  std::string names;
  for (const std::string& name : signedHeaders) {
    auto it = values.find(name);
    headers += name + ":" + (it == values.end() ? std::string() : it->second) + "\n";
    if (!names.empty()) names += ';';
    names += name;
  }
  return request.method + "\n" + canonical_path(path) + "\n" + canonical_query(query) + "\n" +
         headers + "\n" + names + "\n" + request.payloadHash;
}

std::string string_to_sign(std::string_view amzDate, std::string_view scope,
                           std::string_view canonicalRequest) {
  return "AWS4-HMAC-SHA256\n" + std::string(amzDate) + "\n" + std::string(scope) + "\n" +
         sha256_hex(canonicalRequest);
}

std::string signing_key(std::string_view secret, std::string_view date, std::string_view region,
                        std::string_view service) {
  const std::string k_date = hmac("AWS4" + std::string(secret), date);
  const std::string k_region = hmac(k_date, region);
  const std::string k_service = hmac(k_region, service);
  return hmac(k_service, "aws4_request");
}

std::string signature_hex(std::string_view signingKey, std::string_view stringToSign) {
  const std::string mac = hmac(signingKey, stringToSign);
  return hex(reinterpret_cast<const unsigned char*>(mac.data()), mac.size());
}

}  // namespace lockstep::executors::aws

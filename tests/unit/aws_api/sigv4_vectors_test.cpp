// AWS's Signature Version 4 test suite: for every vector, the canonical request, the string to
// sign and the signature we compute are the ones AWS published, and the signed request passes
// the verifier the API uses.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "executors/aws/sigv4.hpp"
#include "server/aws_api/sigv4_verifier.hpp"

namespace {

using namespace lockstep::executors::aws;
using lockstep::server::aws_api::Authentication;
using lockstep::server::aws_api::SigV4Verifier;

const std::filesystem::path kSuite =
    std::filesystem::path(LOCKSTEP_SHARED_DIR) / "testdata/sigv4/aws-sig-v4-test-suite";

std::string read(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  REQUIRE(in);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// A .req/.sreq file: request line, headers (a line starting with blanks continues the previous
// header with another value), a blank line, the body.
struct ParsedRequest {
  SignableRequest request;
  std::string body;
};

ParsedRequest parse_request(const std::string& text) {
  ParsedRequest out;
  std::istringstream in(text);
  std::string line;
  std::getline(in, line);
  const auto space = line.find(' ');
  const auto version = line.rfind(" HTTP/1.1");
  out.request.method = line.substr(0, space);
  out.request.target = line.substr(space + 1, version - space - 1);
  std::string last_name;
  while (std::getline(in, line)) {
    if (line.empty()) break;
    if (line.front() == ' ' || line.front() == '\t') {
      out.request.headers.emplace_back(last_name, line);
      continue;
    }
    const auto colon = line.find(':');
    last_name = line.substr(0, colon);
    out.request.headers.emplace_back(last_name, line.substr(colon + 1));
  }
  std::ostringstream rest;
  rest << in.rdbuf();
  out.body = rest.str();
  return out;
}

std::vector<std::string> signed_headers_of(const std::string& authorization) {
  const auto start = authorization.find("SignedHeaders=") + std::string("SignedHeaders=").size();
  const auto end = authorization.find(',', start);
  std::vector<std::string> names;
  std::istringstream in(authorization.substr(start, end - start));
  std::string name;
  while (std::getline(in, name, ';')) names.push_back(name);
  return names;
}

void check_vector(const std::string& relative) {
  const std::filesystem::path folder = kSuite / relative;
  const std::string base = folder.filename().string();
  const auto file = [&](const char* ext) { return folder / (base + ext); };
  ParsedRequest parsed = parse_request(read(file(".req")));
  const std::string authorization = read(file(".authz"));
  parsed.request.payloadHash = sha256_hex(parsed.body);

  const std::string canonical = canonical_request(parsed.request, signed_headers_of(authorization));
  CHECK(canonical == read(file(".creq")));
  const std::string to_sign =
      string_to_sign("20150830T123600Z", "20150830/us-east-1/service/aws4_request", canonical);
  CHECK(to_sign == read(file(".sts")));
  const std::string key =
      signing_key("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20150830", "us-east-1", "service");
  const std::string signature = signature_hex(key, to_sign);
  CHECK(authorization.ends_with("Signature=" + signature));

  // 2015-08-30T12:36:00Z, the suite's signing time.
  const lockstep::engine::ManualClock clock(1440938160000);
  const SigV4Verifier verifier({{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"}},
                               "us-east-1", "service", clock);
  const ParsedRequest signed_request = parse_request(read(file(".sreq")));
  const Authentication auth = verifier.verify(signed_request.request, signed_request.body);
  INFO((auth.error ? auth.error->type + ": " + auth.error->message : std::string()));
  CHECK_FALSE(auth.error.has_value());
  CHECK(auth.accessKeyId == "AKIDEXAMPLE");
}

}  // namespace

#define SIGV4_VECTOR(name)                                                                  \
  TEST_CASE("the SigV4 vector " name " canonicalises and signs exactly as AWS publishes") { \
    check_vector(name);                                                                     \
  }

SIGV4_VECTOR("get-header-key-duplicate")
SIGV4_VECTOR("get-header-value-multiline")
SIGV4_VECTOR("get-header-value-order")
SIGV4_VECTOR("get-header-value-trim")
SIGV4_VECTOR("get-unreserved")
SIGV4_VECTOR("get-utf8")
SIGV4_VECTOR("get-vanilla")
SIGV4_VECTOR("get-vanilla-empty-query-key")
SIGV4_VECTOR("get-vanilla-query")
SIGV4_VECTOR("get-vanilla-query-order-key")
SIGV4_VECTOR("get-vanilla-query-order-key-case")
SIGV4_VECTOR("get-vanilla-query-order-value")
SIGV4_VECTOR("get-vanilla-query-unreserved")
SIGV4_VECTOR("get-vanilla-utf8-query")
SIGV4_VECTOR("post-header-key-case")
SIGV4_VECTOR("post-header-key-sort")
SIGV4_VECTOR("post-header-value-case")
SIGV4_VECTOR("post-vanilla")
SIGV4_VECTOR("post-vanilla-empty-query-value")
SIGV4_VECTOR("post-vanilla-query")
SIGV4_VECTOR("post-x-www-form-urlencoded")
SIGV4_VECTOR("post-x-www-form-urlencoded-parameters")
SIGV4_VECTOR("normalize-path/get-relative")
SIGV4_VECTOR("normalize-path/get-relative-relative")
SIGV4_VECTOR("normalize-path/get-slash")
SIGV4_VECTOR("normalize-path/get-slash-dot-slash")
SIGV4_VECTOR("normalize-path/get-slash-pointless-dot")
SIGV4_VECTOR("normalize-path/get-slashes")
SIGV4_VECTOR("normalize-path/get-space")
SIGV4_VECTOR("post-sts-token/post-sts-header-after")
SIGV4_VECTOR("post-sts-token/post-sts-header-before")

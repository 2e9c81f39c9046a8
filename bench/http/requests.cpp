#include "bench/http/requests.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <ctime>
#include <fstream>

#include <nlohmann/json.hpp>

#include "executors/aws/sigv4.hpp"

namespace lockstep::bench {
namespace {

std::string hmac_sha256_hex(const std::string& key, const std::string& data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest, &length);
  static const char* const hex = "0123456789abcdef";
  std::string text;
  for (unsigned int i = 0; i < length; ++i) {
    text += hex[digest[i] >> 4];
    text += hex[digest[i] & 15];
  }
  return text;
}

std::string amz_date_now() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char text[20];
  std::strftime(text, sizeof text, "%Y%m%dT%H%M%SZ", &tm);
  return text;
}

}  // namespace

BenchRequest github_push(std::uint16_t port, const std::string& branch) {
  const std::string after = "2222222222222222222222222222222222222222";
  const nlohmann::json payload{
      {"ref", "refs/heads/" + branch},
      {"before", "1111111111111111111111111111111111111111"},
      {"after", after},
      {"created", false},
      {"deleted", false},
      {"repository", {{"full_name", "bench/app"}, {"name", "app"}}},
      {"pusher", {{"name", "bench"}}},
      {"head_commit", {{"id", after}, {"message", "Change the benchmark's readme"}}},
      {"commits",
       {{{"id", after},
         {"message", "Change the benchmark's readme"},
         {"added", nlohmann::json::array()},
         {"modified", {"README.md"}},
         {"removed", nlohmann::json::array()}}}}};
  BenchRequest request;
  request.method = "POST";
  request.target = "/webhooks/github";
  request.body = payload.dump();
  request.headers = {
      {"Host", "127.0.0.1:" + std::to_string(port)},
      {"Content-Type", "application/json"},
      {"User-Agent", "GitHub-Hookshot/bench"},
      {"X-GitHub-Event", "push"},
      {"X-Hub-Signature-256", "sha256=" + hmac_sha256_hex(kWebhookSecret, request.body)}};
  return request;
}

BenchRequest aws_call(std::uint16_t port, const std::string& operation, const std::string& body) {
  namespace sig = executors::aws;
  const std::string date = amz_date_now();
  sig::SignableRequest signable;
  signable.method = "POST";
  signable.target = "/";
  signable.headers = {{"Content-Type", "application/x-amz-json-1.1"},
                      {"Host", "127.0.0.1:" + std::to_string(port)},
                      {"X-Amz-Date", date},
                      {"X-Amz-Target", "CodePipeline_20150709." + operation}};
  signable.payloadHash = sig::sha256_hex(body);
  const std::string scope = date.substr(0, 8) + "/us-east-1/codepipeline/aws4_request";
  const std::string canonical =
      sig::canonical_request(signable, {"content-type", "host", "x-amz-date", "x-amz-target"});
  const std::string signature = sig::signature_hex(
      sig::signing_key(kSecretAccessKey, date.substr(0, 8), "us-east-1", "codepipeline"),
      sig::string_to_sign(date, scope, canonical));
  BenchRequest request;
  request.method = "POST";
  request.target = "/";
  request.headers = signable.headers;
  request.headers.emplace_back(
      "Authorization",
      std::string("AWS4-HMAC-SHA256 Credential=") + kAccessKeyId + "/" + scope +
          ", SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=" + signature);
  request.body = body;
  return request;
}

void write_request_file(const BenchRequest& request, const std::string& file) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out << request.method << ' ' << request.target << '\n';
  for (const auto& [name, value] : request.headers) out << name << ": " << value << '\n';
  out << '\n' << request.body;
}

}  // namespace lockstep::bench

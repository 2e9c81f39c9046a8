// Sending webhook deliveries to an in-process server the way GitHub and GitLab send them.
#pragma once

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "server/webhook_routes.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/inprocess_server.hpp"

namespace lockstep::testing {

inline constexpr const char* kGitHubSecret = "It's a Secret to Everybody";
inline constexpr const char* kGitLabToken = "gitlab-token-for-tests";

// sha256=<hex>, computed here with OpenSSL directly rather than with the server's own code.
inline std::string github_sign(const std::string& secret, const std::string& body) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(body.data()), body.size(), digest, &size);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "sha256=";
  for (unsigned int i = 0; i < size; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 0x0f];
  }
  return out;
}

inline HttpResult post(std::uint16_t port, const std::string& path,
                       const std::map<std::string, std::string>& headers, const std::string& body) {
  HttpConnection connection("127.0.0.1", port);
  std::string request = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  request += "Content-Type: application/json\r\nConnection: close\r\n";
  for (const auto& [name, value] : headers) request += name + ": " + value + "\r\n";
  request += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
  request += body;
  connection.send_raw(request);
  return connection.read_response();
}

inline HttpResult post_github(std::uint16_t port, const std::string& event,
                              const std::string& delivery, const std::string& body,
                              const std::string& secret = kGitHubSecret) {
  return post(port, "/webhooks/github",
              {{"X-GitHub-Event", event},
               {"X-GitHub-Delivery", delivery},
               {"X-Hub-Signature-256", github_sign(secret, body)}},
              body);
}

inline HttpResult post_gitlab(std::uint16_t port, const std::string& event,
                              const std::string& delivery, const std::string& body,
                              const std::string& token = kGitLabToken) {
  return post(
      port, "/webhooks/gitlab",
      {{"X-Gitlab-Event", event}, {"X-Gitlab-Event-UUID", delivery}, {"X-Gitlab-Token", token}},
      body);
}

inline std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

inline std::string fixture(const std::string& relative) {
  return read_text(std::string(LOCKSTEP_SOURCE_DIR) + "/tests/fixtures/" + relative);
}

// A server with the webhook routes, the global GitHub secret and GitLab token of the tests, and
// `per_repository` secrets for GitHub.
inline std::unique_ptr<InProcessServer> webhook_server(
    std::map<std::string, std::string> per_repository = {},
    engine::OrchestratorOptions options = InProcessServer::default_options(),
    server::Metrics* metrics = nullptr) {
  return std::make_unique<InProcessServer>(
      [per_repository, metrics](server::Router& router, const InProcessServer::Parts& parts) {
        server::add_webhook_routes(
            router, server::WebhookDeps{parts.orchestrator, parts.store, parts.clock,
                                        parts.io.get_executor(),
                                        server::WebhookSecrets(kGitHubSecret, per_repository),
                                        server::WebhookSecrets(kGitLabToken, {}), metrics});
      },
      options);
}

// A two-stage V2 pipeline whose source action reads `repository` at `branch`; `triggers` is YAML
// for the pipeline's triggers list (empty: default change detection on the branch).
inline std::string pipeline_yaml(const std::string& name, const std::string& repository,
                                 const std::string& branch, const std::string& triggers = "",
                                 const std::string& extra_configuration = "") {
  std::string yaml = "name: " + name + R"(
roleArn: arn:aws:iam::123456789012:role/pipeline
artifactStore: {type: S3, location: artifacts}
pipelineType: V2
executionMode: PARALLEL
stages:
  - name: Source
    actions:
      - name: src
        actionTypeId: {category: Source, owner: AWS, provider: CodeStarSourceConnection, version: "1"}
        configuration:
          ConnectionArn: arn:aws:codeconnections:us-east-1:123456789012:connection/abc
          FullRepositoryId: )" +
                     repository + R"(
          BranchName: )" +
                     branch + "\n" + extra_configuration + R"(
        outputArtifacts: [{name: SourceOut}]
  - name: Build
    actions:
      - name: build
        actionTypeId: {category: Build, owner: AWS, provider: CodeBuild, version: "1"}
        configuration: {ProjectName: demo}
        inputArtifacts: [{name: SourceOut}]
)";
  if (!triggers.empty()) {
    yaml +=
        "triggers:\n  - providerType: CodeStarSourceConnection\n    gitConfiguration:\n"
        "      sourceActionName: src\n" +
        triggers;
  }
  return yaml;
}

inline std::vector<std::string> started_pipelines(const nlohmann::json& answer) {
  std::vector<std::string> names;
  for (const auto& s : answer.at("started")) names.push_back(s.at("pipelineName"));
  return names;
}

}  // namespace lockstep::testing

// `lockstep serve` with server.tls: HTTPS only, with a certificate the test makes; a key that
// does not load stops the start with a clear message.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <sstream>
#include <string>

#include "tests/integration/lockstep_process.hpp"
#include "tests/support/http_client.hpp"

using namespace lockstep::testing;

namespace {

// A self-signed certificate for 127.0.0.1 and localhost: cert.pem and key.pem in `dir`.
void make_certificate(const TempDir& dir) {
  const auto result = run_process(
      {"/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
       "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-keyout",
       (dir / "key.pem").string(), "-out", (dir / "cert.pem").string()});
  INFO(result.err);
  REQUIRE(result.status == 0);
}

std::filesystem::path tls_config(const TempDir& dir, const std::string& key = "key.pem") {
  // Relative paths are read next to the config file.
  return dir.write("lockstep.yaml",
                   "server:\n  tls:\n    certificate: cert.pem\n    private_key: " + key + "\n");
}

std::filesystem::path on_path(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::istringstream dirs(path == nullptr ? "" : path);
  for (std::string dir; std::getline(dirs, dir, ':');) {
    const auto candidate = std::filesystem::path(dir) / name;
    if (!dir.empty() && ::access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return {};
}

}  // namespace

TEST_CASE("with a certificate and key the server answers HTTPS and refuses plain HTTP", "[serve]") {
  TempDir dir;
  make_certificate(dir);
  ServerProcess server(dir / "data", {"--config", tls_config(dir).string()});
  const std::string base = "https://127.0.0.1:" + std::to_string(server.port());

  const auto health = run_process({"/usr/bin/curl", "-sS", "--cacert", (dir / "cert.pem").string(),
                                   "--tlsv1.2", base + "/healthz"});
  INFO(health.err);
  CHECK(health.status == 0);
  CHECK_FALSE(health.out.empty());

  // TLS 1.1 and older are refused.
  const auto old = run_process({"/usr/bin/curl", "-sS", "--cacert", (dir / "cert.pem").string(),
                                "--tls-max", "1.1", base + "/healthz"});
  CHECK(old.status != 0);

  // Plain HTTP gets no answer: the connection just closes.
  HttpConnection plain("127.0.0.1", server.port());
  CHECK_THROWS(plain.request("GET", "/healthz"));
  // And the server goes on serving HTTPS.
  const auto again = run_process(
      {"/usr/bin/curl", "-sS", "--cacert", (dir / "cert.pem").string(), base + "/healthz"});
  CHECK(again.status == 0);
  CHECK(server.stop().first == 0);
}

TEST_CASE("the AWS CLI calls the API over HTTPS with the certificate as its CA bundle", "[serve]") {
  TempDir dir;
  make_certificate(dir);
  ProcessOptions server_options;
  server_options.environment = {{"LOCKSTEP_ACCESS_KEY_ID", "AKIDLOCKSTEPTLS"},
                                {"LOCKSTEP_SECRET_ACCESS_KEY", "lockstep-tls-secret"}};
  ServerProcess server(dir / "data", {"--config", tls_config(dir).string()}, server_options);
  const auto aws = on_path("aws");
  REQUIRE_FALSE(aws.empty());
  ProcessOptions options;
  options.environment = {{"AWS_ACCESS_KEY_ID", "AKIDLOCKSTEPTLS"},
                         {"AWS_SECRET_ACCESS_KEY", "lockstep-tls-secret"},
                         {"AWS_CONFIG_FILE", dir.write("aws/config", "").string()},
                         {"AWS_SHARED_CREDENTIALS_FILE", dir.write("aws/credentials", "").string()},
                         {"AWS_EC2_METADATA_DISABLED", "true"},
                         {"AWS_MAX_ATTEMPTS", "1"}};
  const auto result =
      run_process({aws.string(), "codepipeline", "list-pipelines", "--endpoint-url",
                   "https://127.0.0.1:" + std::to_string(server.port()), "--ca-bundle",
                   (dir / "cert.pem").string(), "--region", "us-east-1", "--output", "json"},
                  options, std::chrono::seconds(60));
  INFO(result.err);
  REQUIRE(result.status == 0);
  CHECK(nlohmann::json::parse(result.out)["pipelines"] == nlohmann::json::array());
  CHECK(server.stop().first == 0);
}

TEST_CASE("serve refuses to start when the TLS key cannot be loaded", "[serve]") {
  TempDir dir;
  make_certificate(dir);
  const auto result =
      run_lockstep({"serve", "--listen", "127.0.0.1:0", "--data-dir", (dir / "data").string(),
                    "--config", tls_config(dir, "missing.pem").string()});
  CHECK(result.status == 2);
  CHECK_THAT(result.err,
             Catch::Contains("cannot load the TLS private key " + (dir / "missing.pem").string()));
}

TEST_CASE("a TLS certificate without its key is a configuration problem", "[serve]") {
  TempDir dir;
  const auto config = dir.write("lockstep.yaml", "server:\n  tls:\n    certificate: cert.pem\n");
  const auto result =
      run_lockstep({"serve", "--data-dir", (dir / "data").string(), "--config", config.string()});
  CHECK(result.status == 2);
  CHECK_THAT(result.err, Catch::Contains("server.tls.private_key: must be set together with "
                                         "server.tls.certificate"));
}

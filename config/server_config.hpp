// The server's own configuration: what lockstep.yaml may say, with defaults and env overrides.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace lockstep::config {

struct ConfigProblem {
  std::string file;  // empty for environment variables
  int line = 0;      // 1-based, 0 when unknown
  std::string key;   // dotted path, e.g. "server.listen", or the variable name
  std::string message;
};

struct ServerConfig {
  struct Server {
    std::string listen = "127.0.0.1:8080";  // HOST:PORT
    std::string public_url;  // base of links in mails; derived from listen when empty
  } server;
  std::string data_dir = ".lockstep";
  std::string pipelines_dir;  // declarations loaded at start; none when empty
  struct Log {
    std::string level = "info";   // trace, debug, info, warn, error
    std::string format = "text";  // text or json
  } log;
  struct Aws {
    std::string region = "us-east-1";
    std::string account_id = "123456789012";  // 12 digits, used in pipeline ARNs
  } aws;
  // Who may call the CodePipeline API (SigV4 access keys).
  struct Auth {
    struct AccessKey {
      std::string access_key_id;
      std::string secret_access_key;  // never logged
    };
    // auth.access_keys, then the admin pair from LOCKSTEP_ACCESS_KEY_ID/_SECRET_ACCESS_KEY.
    std::vector<AccessKey> access_keys;
    // "true" serves unsigned API requests; the daemon honours it on a loopback listener only.
    std::string allow_unauthenticated = "false";
    bool allows_unauthenticated() const { return allow_unauthenticated == "true"; }
  } auth;
  // Local deploys: deploy.groups.<DeploymentGroupName> and deploy.buckets.<BucketName>.
  struct DeployGroup {
    std::string root;                                      // the folder deployed into
    std::map<std::string, std::string> application_roots;  // ApplicationName -> its own root
  };
  struct Deploy {
    std::map<std::string, DeployGroup> groups;
    std::map<std::string, std::string> bucket_roots;  // unlisted: <data_dir>/s3/<BucketName>
  } deploy;
};

struct LoadedConfig {
  ServerConfig config;
  std::vector<ConfigProblem> problems;  // every problem found; config is defaults-filled anyway
  bool ok() const { return problems.empty(); }
};

// Reads a YAML file (unknown keys and wrong types are problems with their line), then applies
// LOCKSTEP_* environment overrides from `environment` (name → value).
LoadedConfig load_config(const std::optional<std::string>& file,
                         const std::map<std::string, std::string>& environment);

// The process environment as a map, for load_config.
std::map<std::string, std::string> process_environment();

}  // namespace lockstep::config

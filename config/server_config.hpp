// The server's own configuration: what lockstep.yaml may say, with defaults and env overrides.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "config/repository_config.hpp"

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
    // Both set: the listener serves HTTPS only, with this PEM certificate chain and key.
    struct Tls {
      std::string certificate;
      std::string private_key;  // never logged
    } tls;
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
    // Where and as whom the server calls AWS APIs itself (SNS for approval notifications).
    std::string endpoint_url;  // empty: AWS's own endpoints
    std::string access_key_id;
    std::string secret_access_key;  // never logged
    std::string session_token;      // never logged
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
  // Who may call the REST API at /api/v1/ (Bearer tokens) and what each may do.
  struct Api {
    struct Token {
      std::string name;   // who the caller is in logs and triggers; the token itself never is
      std::string token;  // never logged
      std::string role;   // viewer, operator or admin
    };
    // api.tokens, then an admin token from LOCKSTEP_API_TOKEN.
    std::vector<Token> tokens;
  } api;
  // Local deploys: deploy.groups.<DeploymentGroupName> and deploy.buckets.<BucketName>.
  struct DeployGroup {
    std::string root;                                      // the folder deployed into
    std::map<std::string, std::string> application_roots;  // ApplicationName -> its own root
  };
  struct Deploy {
    std::map<std::string, DeployGroup> groups;
    std::map<std::string, std::string> bucket_roots;  // unlisted: <data_dir>/s3/<BucketName>
  } deploy;
  // codebuild.projects.<ProjectName>: how AWS/CodeBuild actions of that project run locally.
  struct CodeBuildProject {
    std::string buildspec;  // a path inside the primary source, or absolute on the server
    std::map<std::string, std::string> environment_variables;
    std::string artifacts_directory{};  // absolute; where named buildspec artifacts are published
  };
  std::map<std::string, CodeBuildProject> codebuild_projects;
  // secrets.<name>: what builds resolve Parameter Store and Secrets Manager references against.
  struct Secret {
    std::string value;  // the value itself once loaded (read from `env` when that is set)
    std::string env;    // {env: VAR}: the variable the value comes from
    int line = 0;
  };
  std::map<std::string, Secret> secrets;
  struct Polling {
    std::string interval_seconds = "60";  // 1..86400; see polling_interval()
  } polling;
  std::vector<RepositoryConfig> repositories;
  // Secrets that authenticate webhook deliveries. A repository's own entry wins over the global
  // one; a delivery for a repository with neither is refused.
  struct Webhooks {
    struct GitHub {
      std::string secret;                          // X-Hub-Signature-256 key for every repository
      std::map<std::string, std::string> secrets;  // owner/repo -> its own key
    } github;
    struct GitLab {
      std::string token;                          // X-Gitlab-Token for every project
      std::map<std::string, std::string> tokens;  // group/project -> its own token
    } gitlab;
    // 1..87600; see delivery_retention(). Providers redeliver within hours.
    std::string delivery_retention_hours = "72";
  } webhooks;
  // Who hears about manual approvals, and how (mail over SMTP, a chat webhook).
  struct Notifications {
    struct Smtp {
      std::string url;  // smtp://HOST:PORT or smtps://HOST:PORT; wins over host and port
      std::string host;
      std::string port = "25";
      std::string starttls = "false";  // true: refuse to send unless STARTTLS succeeds
      std::string username;
      std::string password;
      std::string password_env;  // name of the variable holding the password
      std::string from;
    } smtp;
    std::string webhook_url;
    // notifications.pipelines.<name>.emails: recipients of every approval of that pipeline.
    std::map<std::string, std::vector<std::string>> pipeline_emails;
  } notifications;
};

// polling.interval_seconds as a duration (the value has passed its check).
std::chrono::seconds polling_interval(const ServerConfig& config);

// webhooks.delivery_retention_hours as a duration (the value has passed its check).
std::chrono::hours delivery_retention(const ServerConfig& config);

// The SMTP server's URL from notifications.smtp (url, or host and port); empty when no server is
// configured.
std::string smtp_url(const ServerConfig& config);

// notifications.smtp.password, or the value of the variable password_env names.
std::string smtp_password(const ServerConfig& config,
                          const std::map<std::string, std::string>& environment);

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

#include "server/local_executors.hpp"

#include <map>
#include <string>
#include <vector>

namespace lockstep::server {

namespace local = executors::local;

namespace {

// What every local process may see of the server's own environment; nothing else leaks in.
local::Environment base_environment() {
  const std::vector<std::string> names{"PATH", "LANG", "LC_ALL", "TZ", "HOME"};
  return local::inherited_environment(names);
}

local::CodeDeployOptions codedeploy_options(const config::ServerConfig& config) {
  local::CodeDeployOptions options;
  for (const auto& [name, group] : config.deploy.groups) {
    auto& target = options.groups[name];
    target.root = group.root;
    for (const auto& [application, root] : group.application_roots) {
      target.application_roots[application] = root;
    }
  }
  options.environment = base_environment();
  return options;
}

local::S3DeployOptions s3_options(const config::ServerConfig& config) {
  local::S3DeployOptions options;
  for (const auto& [bucket, root] : config.deploy.bucket_roots) options.bucket_roots[bucket] = root;
  return options;
}

local::SecretStore secret_store(const config::ServerConfig& config) {
  std::map<std::string, std::string> values;
  for (const auto& [name, secret] : config.secrets) values[name] = secret.value;
  return local::SecretStore(std::move(values));
}

local::CodeBuildExecutor::Options codebuild_options(const config::ServerConfig& config) {
  local::CodeBuildExecutor::Options options;
  for (const auto& [name, project] : config.codebuild_projects) {
    options.projects[name] = {project.buildspec, project.environment_variables,
                              project.artifacts_directory};
  }
  options.base_environment = base_environment();
  options.region = config.aws.region;
  options.account_id = config.aws.account_id;
  return options;
}

local::CommandsExecutor::Options commands_options(const config::ServerConfig& config) {
  local::CommandsExecutor::Options options;
  options.base_environment = base_environment();
  options.region = config.aws.region;
  options.account_id = config.aws.account_id;
  return options;
}

std::vector<local::SourceRepository> repositories(const config::ServerConfig& config) {
  std::vector<local::SourceRepository> list;
  for (const auto& repository : config.repositories) {
    list.push_back({repository.id,
                    repository.url,
                    {repository.token, repository.ssh_key, repository.ssh_known_hosts}});
  }
  return list;
}

}  // namespace

LocalExecutors::LocalExecutors(boost::asio::io_context& io, const config::ServerConfig& config,
                               executors::ExecutorRouter& router)
    : workspace_(config.data_dir, &live_logs_),
      blocking_(2),
      slots_(0),
      runner_(io.get_executor(), &slots_),
      secrets_(secret_store(config)),
      mirrors_(workspace_, repositories(config)) {
  git_sources_ = std::make_unique<local::GitSourceExecutor>(workspace_, mirrors_);
  commands_ = std::make_unique<local::CommandsExecutor>(io.get_executor(), runner_, workspace_,
                                                        secrets_, commands_options(config));
  codebuild_ = std::make_unique<local::CodeBuildExecutor>(io.get_executor(), runner_, workspace_,
                                                          secrets_, codebuild_options(config));
  codedeploy_ = std::make_unique<local::CodeDeployExecutor>(blocking_.get_executor(), runner_,
                                                            workspace_, codedeploy_options(config));
  s3deploy_ = std::make_unique<local::S3DeployExecutor>(blocking_.get_executor(), workspace_,
                                                        s3_options(config));
  webhook_ = std::make_unique<executors::webhook::WebhookExecutor>(io.get_executor());

  router.route(engine::ActionOwner::AWS, "CodeStarSourceConnection", *git_sources_);
  router.route(engine::ActionOwner::ThirdParty, "GitHub", *git_sources_);
  router.route(engine::ActionOwner::AWS, "CodeCommit", *git_sources_);
  router.route(engine::ActionOwner::AWS, "Commands", *commands_);
  router.route(engine::ActionOwner::AWS, "CodeBuild", *codebuild_);
  router.route(engine::ActionOwner::AWS, "CodeDeploy", *codedeploy_);
  router.route(engine::ActionOwner::AWS, "S3", *s3deploy_);
  router.route(engine::ActionOwner::Custom, "Webhook", *webhook_);
}

LocalExecutors::~LocalExecutors() {
  blocking_.join();
}

}  // namespace lockstep::server

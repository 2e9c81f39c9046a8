#include "server/webhook_routes.hpp"

#include <map>

#include <nlohmann/json.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "server/github_event.hpp"
#include "server/gitlab_event.hpp"
#include "server/json_response.hpp"
#include "server/webhook_delivery_recorder.hpp"
#include "server/webhook_intake.hpp"

namespace lockstep::server {
namespace {

// Delivery ids are UUIDs; anything much longer is not one and is not stored.
constexpr std::size_t kDeliveryIdLimit = 128;
constexpr std::size_t kEventNameLimit = 128;

// The parts of a provider's request that differ between GitHub and GitLab.
struct Provider {
  std::string key;  // "github", "gitlab"
  std::string name;
  const char* credentialHeader;
  const char* eventHeader;
  const char* deliveryHeader;
  std::string (*repository)(const nlohmann::json&);
  WebhookEvent (*read)(std::string_view, const nlohmann::json&, std::vector<std::string>&);
  // True when `credential` authenticates `body` with `secret`.
  bool (*authenticates)(std::string_view body, std::string_view secret,
                        std::string_view credential);
};

bool github_authenticates(std::string_view body, std::string_view secret,
                          std::string_view credential) {
  return github_signature_matches(body, secret, credential);
}

bool gitlab_authenticates(std::string_view, std::string_view secret, std::string_view credential) {
  return secrets_equal(secret, credential);
}

const Provider kGitHub{"github",
                       "GitHub",
                       "X-Hub-Signature-256",
                       "X-GitHub-Event",
                       "X-GitHub-Delivery",
                       github_repository,
                       read_github_event,
                       github_authenticates};
const Provider kGitLab{"gitlab",
                       "GitLab",
                       "X-Gitlab-Token",
                       "X-Gitlab-Event",
                       "X-Gitlab-Event-UUID",
                       gitlab_repository,
                       read_gitlab_event,
                       gitlab_authenticates};

HttpResponse unauthorized(std::string message) {
  return error_response(http::status::unauthorized, message);
}

std::optional<HttpResponse> check_header(const HttpRequest& request, const char* header,
                                         std::size_t limit, std::string& value) {
  value = std::string(request[header]);
  if (value.empty())
    return error_response(http::status::bad_request,
                          std::string("The ") + header + " header is missing.");
  if (value.size() > limit)
    return error_response(http::status::bad_request, std::string("The ") + header +
                                                         " header is longer than " +
                                                         std::to_string(limit) + " characters.");
  return std::nullopt;
}

// Authentication comes first and answers 401 whatever else is wrong, so that an unauthenticated
// sender learns nothing about the server's pipelines or payload rules.
HttpResponse authenticate_and_read(const Provider& provider, const WebhookSecrets& secrets,
                                   const HttpRequest& request,
                                   std::optional<AuthenticatedDelivery>& out) {
  const std::string& body = request.body();
  const std::string credential(request[provider.credentialHeader]);
  if (credential.empty()) {
    return unauthorized(std::string("The ") + provider.credentialHeader +
                        " header is missing: configure the webhook with the secret this server "
                        "holds for the repository.");
  }

  nlohmann::json payload;
  std::string parse_error;
  try {
    payload = nlohmann::json::parse(body);
  } catch (const nlohmann::json::parse_error& error) {
    parse_error = error.what();
  }
  if (!parse_error.empty()) {
    // The repository is unknown, so any configured secret may have signed it.
    bool known = false;
    for (const auto& secret : secrets.all()) {
      if (provider.authenticates(body, secret, credential)) known = true;
    }
    if (!known) {
      return unauthorized(std::string("The ") + provider.credentialHeader +
                          " header does not match any configured webhook secret.");
    }
    const bool form = std::string_view(request[http::field::content_type])
                          .starts_with("application/x-www-form-urlencoded");
    return error_response(http::status::bad_request,
                          "The payload is not JSON (" + parse_error + ")." +
                              (form ? " Set the webhook's content type to application/json." : ""));
  }

  const std::string repository = provider.repository(payload);
  const auto secret = secrets.for_repository(repository);
  const std::string which = repository.empty() ? "this delivery" : "repository " + repository;
  if (!secret) {
    return unauthorized("No " + provider.name + " webhook secret is configured for " + which +
                        ": set one for it, or a global one, in the server's configuration.");
  }
  if (!provider.authenticates(body, *secret, credential)) {
    return unauthorized(std::string("The ") + provider.credentialHeader +
                        " header does not match the webhook secret configured for " + which + ".");
  }

  AuthenticatedDelivery delivery;
  delivery.provider = provider.key;
  if (auto bad = check_header(request, provider.eventHeader, kEventNameLimit, delivery.eventName))
    return *bad;
  if (auto bad =
          check_header(request, provider.deliveryHeader, kDeliveryIdLimit, delivery.deliveryId))
    return *bad;

  std::vector<std::string> problems;
  delivery.event = provider.read(delivery.eventName, payload, problems);
  if (!problems.empty()) {
    HttpResponse response = json_response(
        http::status::bad_request,
        {{"message", "The " + delivery.eventName + " payload lacks what this event needs."},
         {"problems", problems}});
    return response;
  }
  delivery.payloadHash = sha256_hex(body);
  out = std::move(delivery);
  return {};
}

// The metrics label of an answer: accepted, redelivered, unauthorized, invalid or failed.
const char* delivery_result(const HttpResponse& response) {
  const unsigned status = response.result_int();
  if (status == 200) return response.count("X-Lockstep-Redelivery") ? "redelivered" : "accepted";
  if (status == 401) return "unauthorized";
  if (status < 500) return "invalid";
  return "failed";
}

void add_provider_route(Router& router, const char* path, const Provider& provider,
                        std::shared_ptr<const WebhookDeps> deps,
                        std::shared_ptr<DeliveryRecorder> recorder,
                        const WebhookSecrets WebhookDeps::*secrets) {
  router.add_async(
      http::verb::post, path,
      [deps, recorder, &provider, secrets](const RouteRequest& request, Respond answer) {
        Respond respond = [deps, &provider, answer = std::move(answer)](HttpResponse response) {
          if (deps->metrics != nullptr)
            deps->metrics->count_webhook(provider.key, delivery_result(response));
          answer(std::move(response));
        };
        std::optional<AuthenticatedDelivery> delivery;
        HttpResponse refusal =
            authenticate_and_read(provider, (*deps).*secrets, request.http, delivery);
        if (!delivery) {
          respond(std::move(refusal));
          return;
        }
        const WebhookIntakeDeps intake{deps->orchestrator, deps->deliveries, deps->clock,
                                       *recorder};
        take_delivery(intake, std::move(*delivery), std::move(respond));
      },
      RouteOptions{kWebhookBodyLimit});
}

}  // namespace

namespace {

// A repository's own secret comes from `repositories[].webhook_secret`, or from the provider's
// map in the webhooks section, which wins when both name it.
std::map<std::string, std::string> with_repository_secrets(
    const config::ServerConfig& config, std::map<std::string, std::string> secrets) {
  for (const auto& repository : config.repositories) {
    if (!repository.webhook_secret.empty()) {
      secrets.emplace(repository.id, repository.webhook_secret);
    }
  }
  return secrets;
}

}  // namespace

WebhookSecrets github_secrets(const config::ServerConfig& config) {
  return {config.webhooks.github.secret,
          with_repository_secrets(config, config.webhooks.github.secrets)};
}

WebhookSecrets gitlab_secrets(const config::ServerConfig& config) {
  return {config.webhooks.gitlab.token,
          with_repository_secrets(config, config.webhooks.gitlab.tokens)};
}

void add_webhook_routes(Router& router, WebhookDeps deps) {
  auto shared = std::make_shared<const WebhookDeps>(std::move(deps));
  // One recorder for both providers: their deliveries share the commits.
  auto recorder = std::make_shared<DeliveryRecorder>(shared->deliveries, shared->storageExecutor);
  add_provider_route(router, "/webhooks/github", kGitHub, shared, recorder, &WebhookDeps::github);
  add_provider_route(router, "/webhooks/gitlab", kGitLab, shared, recorder, &WebhookDeps::gitlab);
}

}  // namespace lockstep::server

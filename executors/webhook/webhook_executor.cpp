#include "executors/webhook/webhook_executor.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <optional>
#include <utility>

#include "executors/webhook/webhook_signature.hpp"

namespace lockstep::executors::webhook {

namespace {

constexpr std::size_t kMaxUrlLength = 2048;
constexpr long kMaxTimeoutSeconds = 3600;
constexpr std::size_t kShownBodyBytes = 200;

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

bool names_a_secret(const std::string& key) {
  const std::string name = lower(key);
  return name.find("secret") != std::string::npos || name.find("token") != std::string::npos ||
         name.find("password") != std::string::npos;
}

std::string value_of(const engine::StartAction& action, const std::string& key) {
  const auto it = action.resolvedConfiguration.find(key);
  return it == action.resolvedConfiguration.end() ? "" : it->second;
}

std::optional<std::chrono::seconds> timeout_of(const std::string& text,
                                               std::chrono::seconds fallback) {
  if (text.empty()) return fallback;
  if (text.size() > 4 || !std::all_of(text.begin(), text.end(),
                                      [](unsigned char c) { return std::isdigit(c) != 0; })) {
    return std::nullopt;
  }
  const long seconds = std::stol(text);
  if (seconds < 1 || seconds > kMaxTimeoutSeconds) return std::nullopt;
  return std::chrono::seconds(seconds);
}

// The first bytes of an answer, printable, for a summary a person reads.
std::string excerpt(const std::string& body) {
  std::string shown = body.substr(0, kShownBodyBytes);
  for (char& c : shown) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 && c != '\n' && c != '\t') c = ' ';
  }
  return shown;
}

// Where the request went, without credentials or query (they may hold secrets).
std::string shown_url(const std::string& url) {
  std::string shown = url.substr(0, url.find_first_of("?#"));
  const auto scheme_end = shown.find("://");
  const auto at = shown.find('@');
  if (scheme_end != std::string::npos && at != std::string::npos &&
      at < shown.find('/', scheme_end + 3)) {
    shown.erase(scheme_end + 3, at - scheme_end - 2);
  }
  return shown;
}

}  // namespace

std::string webhook_payload(const engine::StartAction& action) {
  nlohmann::json configuration = nlohmann::json::object();
  for (const auto& [key, value] : action.resolvedConfiguration) {
    if (!names_a_secret(key)) configuration[key] = value;
  }
  nlohmann::json artifacts = nlohmann::json::array();
  for (const engine::ArtifactInstance& artifact : action.inputArtifacts) {
    artifacts.push_back({{"name", artifact.name}, {"revisionId", artifact.revisionId}});
  }
  const nlohmann::json payload = {
      {"pipelineName", action.pipelineName},
      {"pipelineVersion", action.pipelineVersion},
      {"pipelineExecutionId", action.pipelineExecutionId},
      {"stageName", action.stageName},
      {"actionName", action.action.name},
      {"actionExecutionId", action.actionExecutionId},
      {"configuration", configuration},
      {"inputArtifacts", artifacts},
  };
  return payload.dump();
}

WebhookExecutor::WebhookExecutor(boost::asio::any_io_executor executor, WebhookOptions options)
    : executor_(std::move(executor)), options_(options) {}

void WebhookExecutor::start(const engine::StartAction& action, engine::CompletionHandler done) {
  engine::ActionCompleted report;
  report.pipelineName = action.pipelineName;
  report.pipelineExecutionId = action.pipelineExecutionId;
  report.actionExecutionId = action.actionExecutionId;
  const auto refuse = [&](std::string message) {
    report.outcome = engine::ActionOutcome::Failed;
    report.summary = std::move(message);
    report.errorDetails = engine::ErrorDetails{"ConfigurationError", report.summary};
    done(std::move(report));
  };

  HttpPostRequest request;
  request.url = value_of(action, "Url");
  if (request.url.empty()) return refuse("Url is required");
  if (request.url.size() > kMaxUrlLength) return refuse("Url is longer than 2048 characters");
  const auto timeout = timeout_of(value_of(action, "TimeoutSeconds"), options_.default_timeout);
  if (!timeout) return refuse("TimeoutSeconds must be a whole number from 1 to 3600");
  request.timeout = *timeout;
  request.body = webhook_payload(action);
  request.headers["X-Lockstep-Delivery"] = action.actionExecutionId;
  if (const std::string secret = value_of(action, "Secret"); !secret.empty()) {
    request.headers[kSignatureHeader] = webhook_signature(secret, request.body);
  }
  request.max_response_body = 64 * 1024;
  request.ca_file = options_.ca_file;

  const std::string where = shown_url(request.url);
  const std::string id = action.actionExecutionId;
  const auto seconds = timeout->count();
  std::lock_guard lock(mutex_);
  // The callback runs on the io_context, never inside http_post(), so the lock is not re-entered.
  running_[id] = http_post(
      executor_, std::move(request),
      [this, id, where, seconds, report, done](HttpPostResult result) mutable {
        {
          std::lock_guard finished(mutex_);
          running_.erase(id);
        }
        if (result.answered && result.status >= 200 && result.status < 300) {
          report.summary = "POST " + where + " answered " + std::to_string(result.status);
        } else {
          report.outcome = engine::ActionOutcome::Failed;
          if (result.answered) {
            report.summary = "POST " + where + " answered " + std::to_string(result.status) + " " +
                             result.reason + ": " + excerpt(result.body);
          } else if (result.timed_out) {
            report.summary =
                "POST " + where + " got no answer within " + std::to_string(seconds) + " seconds";
          } else {
            report.summary = "POST " + where + " failed: " + result.error;
          }
          report.errorDetails = engine::ErrorDetails{"JobFailed", report.summary};
        }
        done(std::move(report));
      });
}

void WebhookExecutor::cancel(const engine::CancelAction& cancel) {
  std::lock_guard lock(mutex_);
  const auto it = running_.find(cancel.actionExecutionId);
  if (it != running_.end()) it->second.cancel();
}

}  // namespace lockstep::executors::webhook

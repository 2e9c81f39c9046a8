// Runs Custom/Webhook invoke actions: the execution's details are POSTed as JSON to the action's
// Url; a 2xx answer succeeds the action, anything else fails it.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <string>

#include <boost/asio/any_io_executor.hpp>

#include "engine/executor.hpp"
#include "executors/webhook/http_post.hpp"

namespace lockstep::executors::webhook {

struct WebhookOptions {
  std::chrono::seconds default_timeout{30};  // when the action sets no TimeoutSeconds
  // https: a PEM file of certificates trusted besides the system's (a private CA); may be empty.
  std::string ca_file;
};

class WebhookExecutor final : public engine::Executor {
 public:
  // Requests run on `executor` without blocking it. The executor must outlive every request.
  explicit WebhookExecutor(boost::asio::any_io_executor executor, WebhookOptions options = {});

  void start(const engine::StartAction& action, engine::CompletionHandler done) override;
  void cancel(const engine::CancelAction& cancel) override;
  // The request dies with the server; the receiver may not be idempotent, so it is not resent.
  bool resumes(const engine::StartAction&) const override { return false; }

 private:
  boost::asio::any_io_executor executor_;
  const WebhookOptions options_;
  std::mutex mutex_;
  std::map<std::string, HttpPostHandle> running_;  // by action execution id
};

// The JSON body sent for `action`: configuration without Secret (or any key naming a secret,
// token or password).
std::string webhook_payload(const engine::StartAction& action);

}  // namespace lockstep::executors::webhook

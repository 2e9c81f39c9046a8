// What a provider's webhook delivery means once its payload is read: a ping, a Git event for
// trigger matching, or something Lockstep ignores (with the reason it gives back).
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

#include "engine/trigger_event.hpp"

namespace lockstep::server {

enum class WebhookEventKind { Ping, Trigger, Ignored };

struct WebhookEvent {
  WebhookEventKind kind = WebhookEventKind::Ignored;
  std::optional<engine::TriggerEvent> trigger;  // kind == Trigger
  std::string message;                          // Ping and Ignored: said in the answer
};

// A payload that does not have the fields its event type promises; every problem is listed,
// each with its JSON path ("/pull_request/base/ref: is missing").
struct WebhookPayloadProblems {
  std::vector<std::string> problems;
  bool ok() const { return problems.empty(); }
};

// Reads typed fields out of a payload, collecting a problem for each one that is missing or of
// another type, so that a malformed delivery is answered with all of them at once.
class PayloadReader {
 public:
  explicit PayloadReader(const nlohmann::json& root) : root_(root) {}

  // nullptr when absent (and a problem recorded if required).
  const nlohmann::json* at(const std::string& pointer, bool required = true);
  std::string string(const std::string& pointer, bool required = true);
  bool boolean(const std::string& pointer, bool required = true);
  // Every string of the arrays `added`, `modified`, `removed` of every element of `commits`.
  std::vector<std::string> commit_files(const std::string& commits_pointer);

  std::vector<std::string>& problems() { return problems_; }

 private:
  const nlohmann::json& root_;
  std::vector<std::string> problems_;
};

}  // namespace lockstep::server

#include "server/webhook_intake.hpp"

#include <spdlog/spdlog.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <vector>

#include "engine/api_errors.hpp"
#include "engine/execution_status.hpp"
#include "engine/trigger_matching.hpp"
#include "server/json_response.hpp"
#include "server/webhook_auth.hpp"
#include "storage/storage_error.hpp"

namespace lockstep::server {
namespace {

constexpr const char* kReplayHeader = "X-Lockstep-Redelivery";

struct PlannedStart {
  std::string pipelineName;
  engine::StartExecution command;
  std::string reason;
  std::string executionId;  // from the decision
  std::string status;       // right after the start: InProgress, or Failed at the cap
  std::string statusSummary;
};

// One delivery on its way through the engine. Every callback that touches it runs on the
// engine's serial context, one after the other, so it needs no lock.
struct DeliveryJob {
  explicit DeliveryJob(const WebhookIntakeDeps& d) : deps(d) {}

  WebhookIntakeDeps deps;
  AuthenticatedDelivery delivery;
  WebhookRespond respond;
  std::vector<PlannedStart> starts;
  nlohmann::json notStarted = nlohmann::json::array();
  std::size_t pending = 0;
  std::string failure;  // set when the engine could not commit: answer 503, record nothing
};

nlohmann::json answer_head(const AuthenticatedDelivery& d) {
  return {{"provider", d.provider}, {"deliveryId", d.deliveryId}, {"event", d.eventName}};
}

HttpResponse from_record(const engine::WebhookDelivery& record, bool replay) {
  HttpResponse response = json_response(http::status::ok, nlohmann::json::object());
  response.body() = record.response;
  if (replay) response.set(kReplayHeader, "true");
  return response;
}

// Stores the answer, then sends it: the provider sees 2xx only for a durable delivery. Two copies
// of a delivery racing each other both get the answer stored first.
void record_and_answer(const WebhookIntakeDeps& deps, const AuthenticatedDelivery& delivery,
                       const nlohmann::json& body, const WebhookRespond& respond) {
  engine::WebhookDelivery record;
  record.provider = delivery.provider;
  record.deliveryId = delivery.deliveryId;
  record.receivedAt = deps.clock.now();
  record.payloadHash = delivery.payloadHash;
  record.response = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::string answer = record.response;
  deps.recorder.record(std::move(record), [respond, answer = std::move(answer)](
                                              const engine::WebhookDelivery* stored) {
    if (stored == nullptr) {
      respond(error_response(http::status::internal_server_error,
                             "The delivery could not be stored; deliver it again."));
      return;
    }
    respond(from_record(*stored, stored->response != answer));
  });
}

void finish(const std::shared_ptr<DeliveryJob>& job) {
  if (!job->failure.empty()) {
    job->respond(error_response(http::status::service_unavailable, job->failure));
    return;
  }
  nlohmann::json body = answer_head(job->delivery);
  body["description"] = engine::describe_trigger_event(*job->delivery.event.trigger);
  nlohmann::json started = nlohmann::json::array();
  for (const auto& start : job->starts) {
    if (start.executionId.empty()) continue;
    nlohmann::json entry{{"pipelineName", start.pipelineName},
                         {"pipelineExecutionId", start.executionId},
                         {"reason", start.reason}};
    if (!start.status.empty()) entry["status"] = start.status;
    if (!start.statusSummary.empty()) entry["statusSummary"] = start.statusSummary;
    started.push_back(std::move(entry));
  }
  body["started"] = std::move(started);
  body["notStarted"] = std::move(job->notStarted);
  spdlog::info("{} delivery {} ({}): {} started, {} not started", job->delivery.provider,
               job->delivery.deliveryId, job->delivery.eventName, body["started"].size(),
               body["notStarted"].size());
  record_and_answer(job->deps, job->delivery, body, job->respond);
}

// After every start committed: how each new execution began (the concurrency cap records a
// triggered execution as Failed instead of running it, SEMANTICS §5.5).
void read_statuses(const std::shared_ptr<DeliveryJob>& job) {
  job->deps.orchestrator.inspect([job](const engine::EngineState& state) {
    for (auto& start : job->starts) {
      auto pipeline = state.pipelines.find(start.pipelineName);
      if (start.executionId.empty() || pipeline == state.pipelines.end()) continue;
      auto execution = pipeline->second.executions.find(start.executionId);
      if (execution == pipeline->second.executions.end()) continue;
      start.status = engine::to_string(execution->second.status);
      start.statusSummary = execution->second.statusSummary;
    }
    finish(job);
  });
}

void on_decision(const std::shared_ptr<DeliveryJob>& job, std::size_t index,
                 const engine::Decision& decision) {
  PlannedStart& start = job->starts[index];
  if (decision.accepted()) {
    start.executionId = decision.pipelineExecutionId;
  } else if (decision.rejection->exception == engine::api_error::kInternalFailure) {
    job->failure =
        "The server could not store the executions this delivery starts; deliver it "
        "again.";
  } else {
    job->notStarted.push_back(
        {{"pipelineName", start.pipelineName},
         {"reason", "the start was refused: " + decision.rejection->exception + ": " +
                        decision.rejection->message}});
  }
  if (--job->pending == 0) {
    if (job->failure.empty()) {
      read_statuses(job);
    } else {
      finish(job);
    }
  }
}

void match_and_start(const std::shared_ptr<DeliveryJob>& job) {
  job->deps.orchestrator.inspect([job](const engine::EngineState& state) {
    const engine::TriggerEvent& event = *job->delivery.event.trigger;
    for (const auto& [name, pipeline] : state.pipelines) {
      engine::TriggerMatch match = engine::match_triggers(pipeline.declaration, event);
      if (match.actions.empty()) continue;  // no source action uses this repository
      if (!match.start) {
        job->notStarted.push_back({{"pipelineName", name}, {"reason", match.reason}});
        continue;
      }
      PlannedStart start;
      start.pipelineName = name;
      start.command = engine::start_execution_for(pipeline.declaration, match);
      start.command.clientRequestToken =
          webhook_start_token(job->delivery.provider, job->delivery.deliveryId, name);
      start.reason = match.reason;
      job->starts.push_back(std::move(start));
    }
    if (job->starts.empty()) {
      finish(job);
      return;
    }
    job->pending = job->starts.size();
    for (std::size_t i = 0; i < job->starts.size(); ++i) {
      job->deps.orchestrator.submit(
          job->starts[i].command,
          [job, i](const engine::Decision& decision) { on_decision(job, i, decision); });
    }
  });
}

}  // namespace

std::string webhook_start_token(const std::string& provider, const std::string& delivery_id,
                                const std::string& pipeline_name) {
  // Hashed: delivery ids are provider-chosen text, tokens must stay short and plain.
  return provider + "-" +
         sha256_hex(provider + "\n" + delivery_id + "\n" + pipeline_name).substr(0, 40);
}

void take_delivery(const WebhookIntakeDeps& deps, AuthenticatedDelivery delivery,
                   WebhookRespond respond) {
  try {
    if (auto previous = deps.deliveries.find_delivery(delivery.provider, delivery.deliveryId)) {
      spdlog::info("{} delivery {} was delivered before; answering as the first time",
                   delivery.provider, delivery.deliveryId);
      respond(from_record(*previous, true));
      return;
    }
  } catch (const storage::StorageError& error) {
    spdlog::error("cannot look up {} delivery {}: {}", delivery.provider, delivery.deliveryId,
                  error.what());
    respond(error_response(http::status::internal_server_error,
                           "The delivery could not be checked against earlier ones; deliver it "
                           "again."));
    return;
  }
  if (deps.orchestrator.failed()) {
    respond(error_response(http::status::service_unavailable,
                           "The server cannot start executions until it is restarted."));
    return;
  }

  if (delivery.event.kind != WebhookEventKind::Trigger) {
    nlohmann::json body = answer_head(delivery);
    body[delivery.event.kind == WebhookEventKind::Ping ? "message" : "ignored"] =
        delivery.event.message;
    body["started"] = nlohmann::json::array();
    body["notStarted"] = nlohmann::json::array();
    record_and_answer(deps, delivery, body, respond);
    return;
  }
  auto job = std::make_shared<DeliveryJob>(deps);
  job->delivery = std::move(delivery);
  job->respond = std::move(respond);
  match_and_start(job);
}

}  // namespace lockstep::server

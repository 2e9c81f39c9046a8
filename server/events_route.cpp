// The engine's committed events as Server-Sent Events, one JSON object per event, with the field
// names of CodePipeline's EventBridge events.
#include <boost/asio/steady_timer.hpp>

#include <nlohmann/json.hpp>

#include <memory>
#include <mutex>
#include <string>

#include "server/sse_format.hpp"
#include "server/stream_routes.hpp"

namespace lockstep::server {

namespace {

const char* subject_name(engine::EventSubject subject) {
  switch (subject) {
    case engine::EventSubject::PipelineExecution:
      return "pipeline-execution";
    case engine::EventSubject::StageExecution:
      return "stage-execution";
    case engine::EventSubject::ActionExecution:
      return "action-execution";
  }
  return "pipeline-execution";
}

std::string event_json(const engine::Notify& event) {
  nlohmann::json json{{"type", subject_name(event.subject)},
                      {"state", event.state},
                      {"pipeline", event.pipelineName},
                      {"version", event.pipelineVersion},
                      {"execution-id", event.pipelineExecutionId},
                      {"pipeline-execution-attempt", event.executionAttempt},
                      {"start-time", event.executionStartTime},
                      {"time", event.time}};
  if (event.subject != engine::EventSubject::PipelineExecution) json["stage"] = event.stageName;
  if (event.subject == engine::EventSubject::ActionExecution) {
    json["action"] = event.actionName;
    json["action-execution-id"] = event.actionExecutionId;
  }
  return json.dump();
}

// One open /api/v1/events stream: its subscription and its heartbeat.
class EventsFollow : public std::enable_shared_from_this<EventsFollow> {
 public:
  EventsFollow(EventHub& events, boost::asio::any_io_executor executor,
               std::chrono::milliseconds heartbeat)
      : events_(events), timer_(std::move(executor)), heartbeat_(heartbeat) {}

  void begin(std::shared_ptr<EventStream> stream, std::string pipeline) {
    stream_ = std::move(stream);
    subscription_ = events_.subscribe(
        [stream = stream_, pipeline = std::move(pipeline)](const engine::Notify& event) {
          if (!pipeline.empty() && event.pipelineName != pipeline) return;
          stream->send(sse_event("", "", event_json(event)));
        });
    // The stream keeps this alive until it ends, then drops the callback.
    stream_->on_end([self = shared_from_this()] { self->stop(); });
    // Sent once subscribed: a client that reads it knows no later event passes it by.
    stream_->send(sse_comment("subscribed"));
    arm();
  }

 private:
  void arm() {
    std::lock_guard lock(mutex_);
    if (stopped_) return;
    timer_.expires_after(heartbeat_);
    timer_.async_wait([weak = weak_from_this()](const boost::system::error_code& error) {
      if (error) return;
      if (auto self = weak.lock()) {
        self->stream_->send(sse_comment("heartbeat"));
        self->arm();
      }
    });
  }

  void stop() {
    events_.unsubscribe(subscription_);
    std::lock_guard lock(mutex_);
    stopped_ = true;
    timer_.cancel();
  }

  EventHub& events_;
  std::mutex mutex_;  // the timer is armed from its own handler and cancelled from the stream's
  boost::asio::steady_timer timer_;
  const std::chrono::milliseconds heartbeat_;
  std::shared_ptr<EventStream> stream_;
  std::uint64_t subscription_ = 0;
  bool stopped_ = false;
};

}  // namespace

void add_events_route(Router& router, EventsStreamDeps deps) {
  auto shared = std::make_shared<const EventsStreamDeps>(std::move(deps));
  router.add_stream(http::verb::get, "/api/v1/events",
                    [shared](const RouteRequest& request, Respond respond, OpenStream open) {
                      if (auto refusal = shared->authorize(request))
                        return respond(std::move(*refusal));
                      std::string pipeline;
                      if (const auto found = request.url.params().find("pipeline");
                          found != request.url.params().end() && (*found).has_value) {
                        pipeline = (*found).value;
                      }
                      HttpResponse head{http::status::ok, 11};
                      head.set(http::field::content_type, "text/event-stream; charset=utf-8");
                      head.set(http::field::cache_control, "no-cache");
                      head.set("X-Accel-Buffering", "no");
                      auto follow = std::make_shared<EventsFollow>(shared->events, shared->executor,
                                                                   shared->heartbeat);
                      if (auto stream = open(std::move(head)))
                        follow->begin(std::move(stream), pipeline);
                    });
}

}  // namespace lockstep::server

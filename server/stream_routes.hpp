// The streaming routes of /api/v1/: an action's log followed live, and the engine's events as
// they are committed, both as Server-Sent Events.
#pragma once

#include <boost/asio/any_io_executor.hpp>

#include <chrono>
#include <functional>
#include <optional>

#include "executors/local/live_logs.hpp"
#include "executors/local/workspace.hpp"
#include "server/event_hub.hpp"
#include "server/router.hpp"
#include "storage/execution_queries.hpp"

namespace lockstep::server {

// A refusal to answer (401, 403), or nothing when the request may go on.
using StreamAuthorize = std::function<std::optional<HttpResponse>(const RouteRequest&)>;
inline std::optional<HttpResponse> allow_every_request(const RouteRequest&) {
  return std::nullopt;
}

struct LogStreamDeps {
  const storage::ExecutionQueries& executions;
  const executors::local::Workspace& workspace;  // where finished actions' logs are
  const executors::local::LiveLogs& live_logs;   // the logs of running actions
  EventHub& events;                              // tells when a running action finished
  boost::asio::any_io_executor executor;         // file and storage reads
  StreamAuthorize authorize = allow_every_request;
};

// GET /api/v1/pipelines/{name}/executions/{id}/actions/{actionExecutionId}/log/stream: the log so
// far, then every later line as the action writes it (`log` events, ids are byte offsets, so
// Last-Event-ID resumes exactly), then one `status` event (id "end") with the action's final
// status and summary, and the stream ends. Last-Event-ID "end" on a finished action: 204, which
// tells a browser to stop reconnecting.
void add_log_stream_route(Router& router, LogStreamDeps deps);

struct EventsStreamDeps {
  EventHub& events;
  boost::asio::any_io_executor executor;  // runs the heartbeat timer
  std::chrono::milliseconds heartbeat{std::chrono::seconds(15)};
  StreamAuthorize authorize = allow_every_request;
};

// GET /api/v1/events[?pipeline=NAME]: one JSON `data:` per committed event, in CodePipeline's
// event vocabulary, and a comment every `heartbeat` so that proxies keep the stream open.
void add_events_route(Router& router, EventsStreamDeps deps);

}  // namespace lockstep::server

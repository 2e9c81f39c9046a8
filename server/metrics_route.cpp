#include "server/metrics_route.hpp"

#include <fmt/format.h>

namespace lockstep::server {

namespace {

std::string orchestrator_families(const engine::OrchestratorStats& stats) {
  std::string text;
  text += prometheus_family("lockstep_orchestrator_queue_depth", "gauge",
                            "Commands waiting for the orchestrator's next batch.");
  text += fmt::format("lockstep_orchestrator_queue_depth {}\n", stats.queueDepth);
  text += prometheus_family("lockstep_orchestrator_commands_total", "counter",
                            "Commands decided by the orchestrator.");
  text += fmt::format("lockstep_orchestrator_commands_total {}\n", stats.commands);
  text += prometheus_family("lockstep_orchestrator_batch_commit_seconds", "summary",
                            "Time to commit each batch of decisions to storage.");
  text += fmt::format("lockstep_orchestrator_batch_commit_seconds_sum {}\n",
                      static_cast<double>(stats.commitMicroseconds) / 1e6);
  text += fmt::format("lockstep_orchestrator_batch_commit_seconds_count {}\n", stats.batches);
  return text;
}

std::string execution_families(const storage::SqliteStore& store) {
  std::string text = prometheus_family("lockstep_pipeline_executions", "gauge",
                                       "Stored pipeline executions, by pipeline and status.");
  for (const auto& count : store.execution_counts()) {
    text += fmt::format("lockstep_pipeline_executions{{pipeline=\"{}\",status=\"{}\"}} {}\n",
                        prometheus_label(count.pipelineName), prometheus_label(count.status),
                        count.count);
  }
  return text;
}

}  // namespace

void add_metrics_route(Router& router, MetricsSources sources) {
  router.add(http::verb::get, "/metrics", [sources](const RouteRequest&) {
    HttpResponse response(http::status::ok, 11);
    response.set(http::field::content_type, "text/plain; version=0.0.4; charset=utf-8");
    response.body() = execution_families(sources.store) +
                      orchestrator_families(sources.orchestrator.stats()) +
                      sources.metrics.render();
    return response;
  });
}

}  // namespace lockstep::server

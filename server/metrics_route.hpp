// GET /metrics: the daemon's counters, stored executions by pipeline and status, and the
// orchestrator's queue and commits, in the Prometheus text format.
#pragma once

#include "engine/orchestrator.hpp"
#include "server/metrics.hpp"
#include "server/router.hpp"
#include "storage/sqlite_store.hpp"

namespace lockstep::server {

struct MetricsSources {
  const Metrics& metrics;
  const storage::SqliteStore& store;
  const engine::Orchestrator& orchestrator;
};

// The sources must outlive the router.
void add_metrics_route(Router& router, MetricsSources sources);

}  // namespace lockstep::server

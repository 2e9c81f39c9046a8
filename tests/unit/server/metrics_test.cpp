// The Prometheus text the daemon exposes: families, labels escaped, cumulative histogram buckets.
#include <catch2/catch.hpp>

#include <atomic>

#include "server/health_route.hpp"
#include "server/metrics.hpp"
#include "server/metrics_notifier.hpp"
#include "server/router.hpp"

using lockstep::server::Metrics;

namespace {

class Discard final : public lockstep::engine::Notifier {
 public:
  void notify(const lockstep::engine::Notify&) override { ++count; }
  int count = 0;
};

lockstep::engine::Notify action_event(std::string state, lockstep::engine::Timestamp time) {
  lockstep::engine::Notify event;
  event.subject = lockstep::engine::EventSubject::ActionExecution;
  event.state = std::move(state);
  event.pipelineName = "web";
  event.stageName = "Build";
  event.actionName = "Compile";
  event.actionExecutionId = "a-1";
  event.time = time;
  return event;
}

}  // namespace

TEST_CASE("label values with quotes backslashes and newlines are escaped", "[metrics]") {
  CHECK(lockstep::server::prometheus_label("a\"b\\c\nd") == "a\\\"b\\\\c\\nd");
  Metrics metrics;
  metrics.count_webhook("github", "bad \"signature\"");
  CHECK_THAT(metrics.render(),
             Catch::Contains("provider=\"github\",result=\"bad \\\"signature\\\"\"} 1"));
}

TEST_CASE("action durations fill cumulative histogram buckets", "[metrics]") {
  Metrics metrics;
  Discard next;
  lockstep::server::MetricsNotifier notifier(metrics, next);
  notifier.notify(action_event("STARTED", 1'000));
  notifier.notify(action_event("SUCCEEDED", 8'000));  // 7 s
  CHECK(next.count == 2);
  const std::string text = metrics.render();
  const std::string labels = "pipeline=\"web\",action=\"Build/Compile\",status=\"SUCCEEDED\"";
  CHECK_THAT(text, Catch::Contains("_bucket{" + labels + ",le=\"5\"} 0"));
  CHECK_THAT(text, Catch::Contains("_bucket{" + labels + ",le=\"10\"} 1"));
  CHECK_THAT(text, Catch::Contains("_bucket{" + labels + ",le=\"3600\"} 1"));
  CHECK_THAT(text, Catch::Contains("_bucket{" + labels + ",le=\"+Inf\"} 1"));
  CHECK_THAT(text, Catch::Contains("lockstep_action_duration_seconds_sum{" + labels + "} 7"));
  CHECK_THAT(text, Catch::Contains("lockstep_action_duration_seconds_count{" + labels + "} 1"));
}

TEST_CASE("a finish without a start observed is passed on but not measured", "[metrics]") {
  Metrics metrics;
  Discard next;
  lockstep::server::MetricsNotifier notifier(metrics, next);
  notifier.notify(action_event("FAILED", 9'000));
  CHECK(next.count == 1);
  CHECK(metrics.render().find("_count{") == std::string::npos);
}

TEST_CASE("readyz answers 503 until recovery is done", "[metrics]") {
  lockstep::server::Router router;
  std::atomic<bool> ready{false};
  lockstep::server::add_health_routes(router, ready);
  lockstep::server::HttpRequest request(boost::beast::http::verb::get, "/readyz", 11);
  CHECK(router.handle(request).result_int() == 503);
  ready = true;
  CHECK(router.handle(request).result_int() == 200);
}

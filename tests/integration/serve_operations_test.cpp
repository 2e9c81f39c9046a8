// `lockstep serve` for operators: readiness once recovery is done, and /metrics in Prometheus form.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <regex>

#include "tests/integration/lockstep_process.hpp"
#include "tests/support/http_client.hpp"

using namespace lockstep::testing;

namespace {

void await_recovery(ServerProcess& server) {
  static const std::regex recovered("execution state recovered");
  REQUIRE(server.process().await_stderr_line(recovered, std::chrono::seconds(20)));
}

}  // namespace

TEST_CASE("GET /readyz answers 200 once execution state is recovered", "[serve]") {
  TempDir dir;
  ServerProcess server(dir / "data");
  await_recovery(server);
  const auto response = http_get(server.port(), "/readyz");
  CHECK(response.status == 200);
  CHECK(nlohmann::json::parse(response.body)["status"] == "ready");
}

TEST_CASE("GET /metrics counts requests by route and code in the Prometheus format", "[serve]") {
  TempDir dir;
  ServerProcess server(dir / "data",
                       {"--pipelines", LOCKSTEP_SOURCE_DIR "/tests/fixtures/pipelines"});
  await_recovery(server);
  REQUIRE(http_get(server.port(), "/healthz").status == 200);
  REQUIRE(http_get(server.port(), "/healthz").status == 200);
  REQUIRE(http_get(server.port(), "/nowhere/at/all").status == 404);

  const auto response = http_get(server.port(), "/metrics");
  REQUIRE(response.status == 200);
  CHECK_THAT(response.header("content-type"), Catch::StartsWith("text/plain; version=0.0.4"));
  const std::string& text = response.body;
  CHECK_THAT(text, Catch::Contains("# TYPE lockstep_http_requests_total counter"));
  CHECK_THAT(text,
             Catch::Contains("lockstep_http_requests_total{route=\"/healthz\",code=\"200\"} 2"));
  CHECK_THAT(text,
             Catch::Contains("lockstep_http_requests_total{route=\"unmatched\",code=\"404\"} 1"));
  CHECK_THAT(text, Catch::Contains("lockstep_orchestrator_queue_depth 0"));
  CHECK_THAT(text, Catch::Contains("# TYPE lockstep_pipeline_executions gauge"));
  CHECK_THAT(text, Catch::Contains("# TYPE lockstep_action_duration_seconds histogram"));
}

TEST_CASE("each request is logged once with its route and status and never its path", "[serve]") {
  TempDir dir;
  ServerProcess server(dir / "data");
  await_recovery(server);
  REQUIRE(http_get(server.port(), "/secret-looking-path-123").status == 404);
  static const std::regex logged("http method=GET route=unmatched status=404");
  const auto line = server.process().await_stderr_line(logged, std::chrono::seconds(10));
  REQUIRE(line);
  CHECK(line->find("secret-looking-path-123") == std::string::npos);
}

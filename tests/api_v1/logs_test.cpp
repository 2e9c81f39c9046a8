// An action attempt's log as text over the REST API, whole or by byte range.
#include <fstream>

#include "executors/local/workspace.hpp"
#include "server/api_v1/byte_range.hpp"
#include "tests/api_v1/rest_fixture.hpp"

namespace {

using lockstep::testing::RestFixture;
using nlohmann::json;
namespace t = lockstep::testing;

struct LogFixture {
  LogFixture() {
    api.create("logged");
    const json execution = api.call("GET", "/api/v1/pipelines/logged/executions")["executions"][0];
    executionId = execution["pipelineExecutionId"];
    RestFixture::wait_until([&] { return api.server.executor.is_running("src"); });
    const json actions =
        api.call("GET", "/api/v1/pipelines/logged/executions/" + executionId + "/actions");
    actionExecutionId = actions["actionExecutions"][0]["actionExecutionId"];
    const auto file = lockstep::executors::local::Workspace(api.server.directory())
                          .log_file(executionId, actionExecutionId);
    std::filesystem::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << kLog;
    target = "/api/v1/pipelines/logged/executions/" + executionId + "/actions/" +
             actionExecutionId + "/log";
  }

  lockstep::testing::HttpResult get(const std::string& range) {
    lockstep::testing::RestRequest request{"GET", target, t::kViewerToken};
    if (!range.empty()) request.headers.push_back({"Range", range});
    return api.raw(request);
  }

  static constexpr const char* kLog = "cloning\nbuilding\nok\n";  // 20 bytes
  RestFixture api;
  std::string executionId;
  std::string actionExecutionId;
  std::string target;
};

}  // namespace

TEST_CASE("an action log is served whole as text or by the byte range asked for") {
  LogFixture log;
  const auto whole = log.get("");
  CHECK(whole.status == 200);
  CHECK(whole.body == LogFixture::kLog);
  CHECK(whole.header("content-type").starts_with("text/plain"));
  CHECK(whole.header("accept-ranges") == "bytes");

  const auto first = log.get("bytes=0-6");
  CHECK(first.status == 206);
  CHECK(first.body == "cloning");
  CHECK(first.header("content-range") == "bytes 0-6/20");

  const auto rest = log.get("bytes=8-");
  CHECK(rest.status == 206);
  CHECK(rest.body == "building\nok\n");
  CHECK(rest.header("content-range") == "bytes 8-19/20");

  const auto tail = log.get("bytes=-3");
  CHECK(tail.status == 206);
  CHECK(tail.body == "ok\n");
  CHECK(tail.header("content-range") == "bytes 17-19/20");

  const auto past_end = log.get("bytes=8-500");
  CHECK(past_end.status == 206);
  CHECK(past_end.header("content-range") == "bytes 8-19/20");

  const auto beyond = log.get("bytes=20-");
  CHECK(beyond.status == 416);
  CHECK(beyond.header("content-range") == "bytes */20");

  // Ranges the server does not serve in part get the whole log.
  CHECK(log.get("bytes=5-2").status == 200);
  CHECK(log.get("lines=1-2").status == 200);
  CHECK(log.get("bytes=0-1,4-5").body == LogFixture::kLog);
}

TEST_CASE("a log of an unknown attempt or execution answers 404") {
  LogFixture log;
  const std::string base = "/api/v1/pipelines/logged/executions/" + log.executionId + "/actions/";
  CHECK(log.api.call("GET", base + "no-such-attempt/log", nullptr, 404)["exception"] ==
        "ActionExecutionNotFoundException");
  CHECK(log.api.call("GET",
                     "/api/v1/pipelines/logged/executions/00000000-0000-0000-0000-000000000000/"
                     "actions/" +
                         log.actionExecutionId + "/log",
                     nullptr, 404)["exception"] == "PipelineExecutionNotFoundException");
  CHECK(log.api.call("GET", "/api/v1/pipelines/absent/executions/x/actions/y/log", nullptr,
                     404)["exception"] == "PipelineNotFoundException");
}

TEST_CASE("a range of an empty log or a zero suffix cannot be satisfied") {
  using lockstep::server::api_v1::RangeRequest;
  using lockstep::server::api_v1::resolve_range;
  CHECK(resolve_range("bytes=0-", 0).kind == RangeRequest::Kind::Unsatisfiable);
  CHECK(resolve_range("bytes=-5", 0).kind == RangeRequest::Kind::Unsatisfiable);
  CHECK(resolve_range("bytes=-0", 10).kind == RangeRequest::Kind::Unsatisfiable);
  const RangeRequest longer = resolve_range("bytes=-50", 10);
  CHECK(longer.kind == RangeRequest::Kind::Partial);
  CHECK(longer.range.first == 0);
  CHECK(longer.range.last == 9);
  CHECK(resolve_range("bytes=x-1", 10).kind == RangeRequest::Kind::Whole);
  CHECK(resolve_range(std::nullopt, 10).kind == RangeRequest::Kind::Whole);
}

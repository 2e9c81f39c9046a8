// Executions over the REST API: start with variables, get, stop, retry a stage, list with
// filters and pages, and action attempts; refusals carry the engine's exception names.
#include "tests/api_v1/rest_fixture.hpp"

namespace {

using lockstep::testing::RestFixture;
using nlohmann::json;
namespace t = lockstep::testing;

// Every execution the listing gives, page by page, following `next`.
std::vector<json> list_all(RestFixture& api, const std::string& query, std::size_t& pages) {
  std::vector<json> all;
  std::string next;
  pages = 0;
  do {
    std::string target = "/api/v1/pipelines/many/executions?limit=100" + query;
    if (!next.empty()) target += "&next=" + next;
    const json page = api.call("GET", target, nullptr, 200, t::kViewerToken);
    ++pages;
    for (const auto& e : page["executions"]) all.push_back(e);
    next = page.value("next", "");
  } while (!next.empty());
  return all;
}

}  // namespace

TEST_CASE("an execution starts with variables and a client request token starts it once") {
  RestFixture api;
  json declaration = t::demo_pipeline("vars");
  declaration["pipelineType"] = "V2";
  declaration["variables"] = json::array({{{"name", "TARGET"}, {"defaultValue", "staging"}}});
  api.call("POST", "/api/v1/pipelines", {{"pipeline", declaration}}, 201);

  const json body = {{"variables", {{"TARGET", "production"}}}, {"clientRequestToken", "once-1"}};
  const json started =
      api.call("POST", "/api/v1/pipelines/vars/executions", body, 200, t::kOperatorToken);
  const std::string id = started["pipelineExecutionId"];
  const json again =
      api.call("POST", "/api/v1/pipelines/vars/executions", body, 200, t::kOperatorToken);
  CHECK(again["pipelineExecutionId"] == id);

  const json execution = api.call("GET", "/api/v1/pipelines/vars/executions/" + id);
  CHECK(execution["pipelineExecutionId"] == id);
  REQUIRE(execution["variables"].size() == 1);
  CHECK(execution["variables"][0]["name"] == "TARGET");
  CHECK(execution["variables"][0]["resolvedValue"] == "production");

  // The list form of the API is read too; an undeclared variable is the engine's refusal.
  const json unknown = api.call("POST", "/api/v1/pipelines/vars/executions",
                                {{"variables", {{{"name", "NOPE"}, {"value", "x"}}}}}, 400);
  CHECK(unknown["exception"] == "ValidationException");
  CHECK(api.call("POST", "/api/v1/pipelines/absent/executions", json::object(), 404)["exception"] ==
        "PipelineNotFoundException");
  CHECK(api.call("GET", "/api/v1/pipelines/vars/executions/00000000-0000-0000-0000-000000000000",
                 nullptr, 404)["exception"] == "PipelineExecutionNotFoundException");
}

TEST_CASE("stopping an execution twice is refused with 409") {
  RestFixture api;
  api.create("stoppable");
  const std::string id = api.call(
      "GET", "/api/v1/pipelines/stoppable/executions")["executions"][0]["pipelineExecutionId"];
  const json stopped =
      api.call("POST", "/api/v1/pipelines/stoppable/executions/" + id + "/stop",
               {{"abandon", true}, {"reason", "wrong branch"}}, 200, t::kOperatorToken);
  CHECK(stopped["pipelineExecutionId"] == id);
  RestFixture::wait_until([&] { return api.server.executor.cancelled().size() == 1; });
  const json again = api.call("POST", "/api/v1/pipelines/stoppable/executions/" + id + "/stop",
                              {{"abandon", true}}, 409, t::kOperatorToken);
  const std::string exception = again["exception"];
  CHECK((exception == "DuplicatedStopRequestException" ||
         exception == "PipelineExecutionNotStoppableException"));
  const json execution = api.call("GET", "/api/v1/pipelines/stoppable/executions/" + id);
  const std::string status = execution["status"];
  CHECK((status == "Stopping" || status == "Stopped"));
}

TEST_CASE("a failed stage is retried and a stage that did not fail is refused with 409") {
  RestFixture api;
  auto& executor = api.server.executor;
  api.create("flaky");
  REQUIRE(executor.complete("src"));
  RestFixture::wait_until([&] { return executor.is_running("build"); });
  REQUIRE(executor.complete("build", lockstep::engine::ActionOutcome::Failed, "tests failed"));
  const std::string id =
      api.call("GET", "/api/v1/pipelines/flaky/executions")["executions"][0]["pipelineExecutionId"];
  RestFixture::wait_until([&] {
    return api.call("GET", "/api/v1/pipelines/flaky/executions/" + id)["status"] == "Failed";
  });

  const json source =
      api.call("POST", "/api/v1/pipelines/flaky/executions/" + id + "/stages/Source/retry",
               {{"mode", "FAILED_ACTIONS"}}, 409, t::kOperatorToken);
  CHECK(source["exception"] == "StageNotRetryableException");
  const json bad_mode =
      api.call("POST", "/api/v1/pipelines/flaky/executions/" + id + "/stages/Build/retry",
               {{"mode", "SOME_ACTIONS"}}, 400, t::kOperatorToken);
  CHECK(bad_mode["exception"] == "ValidationException");

  const json retried =
      api.call("POST", "/api/v1/pipelines/flaky/executions/" + id + "/stages/Build/retry",
               {{"mode", "FAILED_ACTIONS"}}, 200, t::kOperatorToken);
  CHECK(retried["pipelineExecutionId"] == id);
  RestFixture::wait_until([&] { return executor.is_running("build"); });
  CHECK(api.call("GET", "/api/v1/pipelines/flaky/executions/" + id)["status"] == "InProgress");

  // Two attempts of build, newest first, then src.
  const json actions = api.call("GET", "/api/v1/pipelines/flaky/executions/" + id + "/actions");
  REQUIRE(actions["actionExecutions"].size() == 3);
  CHECK(actions["actionExecutions"][0]["actionName"] == "build");
  CHECK(actions["actionExecutions"][0]["status"] == "InProgress");
  CHECK(actions["actionExecutions"][1]["status"] == "Failed");
  CHECK(actions["actionExecutions"][2]["actionName"] == "src");
  const json paged =
      api.call("GET", "/api/v1/pipelines/flaky/executions/" + id + "/actions?limit=2");
  CHECK(paged["actionExecutions"].size() == 2);
  CHECK(paged.contains("next"));
}

TEST_CASE("a retry of an execution that is no longer the latest is refused with 409") {
  RestFixture api;
  auto& executor = api.server.executor;
  api.create("moving");
  REQUIRE(executor.complete("src"));
  RestFixture::wait_until([&] { return executor.is_running("build"); });
  REQUIRE(executor.complete("build", lockstep::engine::ActionOutcome::Failed));
  const std::string old_id = api.call(
      "GET", "/api/v1/pipelines/moving/executions")["executions"][0]["pipelineExecutionId"];
  RestFixture::wait_until([&] {
    return api.call("GET", "/api/v1/pipelines/moving/executions/" + old_id)["status"] == "Failed";
  });
  api.call("POST", "/api/v1/pipelines/moving/executions", json::object(), 200, t::kOperatorToken);
  RestFixture::wait_until([&] { return executor.is_running("src"); });
  REQUIRE(executor.complete("src"));
  RestFixture::wait_until([&] { return executor.is_running("build"); });
  const json refused =
      api.call("POST", "/api/v1/pipelines/moving/executions/" + old_id + "/stages/Build/retry",
               {{"mode", "ALL_ACTIONS"}}, 409, t::kOperatorToken);
  CHECK(refused["exception"] == "NotLatestPipelineExecutionException");
}

TEST_CASE("250 executions are listed newest first in pages with next and filters") {
  RestFixture api;
  api.create("many");
  std::vector<std::string> ids;
  for (int i = 0; i < 249; ++i) {
    ids.push_back(api.call("POST", "/api/v1/pipelines/many/executions", json::object(), 200,
                           t::kOperatorToken)["pipelineExecutionId"]);
  }
  std::size_t pages = 0;
  const std::vector<json> all = list_all(api, "", pages);
  CHECK(pages == 3);
  REQUIRE(all.size() == 250);
  // Newest first: the last started is first, the creation's execution is last.
  CHECK(all.front()["pipelineExecutionId"] == ids.back());
  CHECK(all[1]["pipelineExecutionId"] == ids[ids.size() - 2]);
  CHECK(all.back()["trigger"]["triggerType"] == "CreatePipeline");
  std::set<std::string> distinct;
  for (const auto& e : all) distinct.insert(e["pipelineExecutionId"].get<std::string>());
  CHECK(distinct.size() == 250);

  // Filters: every status listed holds only that status, and the statuses add up to the whole.
  std::size_t counted = 0;
  for (const char* status :
       {"InProgress", "Superseded", "Stopped", "Succeeded", "Failed", "Cancelled", "Stopping"}) {
    for (const auto& e : list_all(api, std::string("&status=") + status, pages)) {
      CHECK(e["status"] == status);
      ++counted;
    }
  }
  CHECK(counted == 250);
  const auto created = list_all(api, "&trigger=CreatePipeline", pages);
  REQUIRE(created.size() == 1);
  CHECK(created[0]["pipelineExecutionId"] == all.back()["pipelineExecutionId"]);
  CHECK(list_all(api, "&since=1970-01-01T00:00:00Z", pages).size() == 250);
  CHECK(list_all(api, "&until=1", pages).empty());
  CHECK(list_all(api, "&since=4102444800", pages).empty());  // 2100

  const json first = api.call("GET", "/api/v1/pipelines/many/executions?limit=5");
  CHECK(first["executions"].size() == 5);
  // A token for one listing is refused for another with other filters.
  CHECK(api.call("GET",
                 "/api/v1/pipelines/many/executions?status=Failed&next=" +
                     first["next"].get<std::string>(),
                 nullptr, 400)["exception"] == "InvalidNextTokenException");
  const json bad = api.call("GET", "/api/v1/pipelines/many/executions?status=Done&since=yesterday",
                            nullptr, 400);
  CHECK(bad["exception"] == "ValidationException");
  CHECK(bad["message"].get<std::string>().find("since") != std::string::npos);
  CHECK(bad["message"].get<std::string>().find("status") != std::string::npos);
  CHECK(api.call("GET", "/api/v1/pipelines/many/executions?limit=0", nullptr, 400)["exception"] ==
        "ValidationException");
  CHECK(api.call("GET", "/api/v1/pipelines/absent/executions", nullptr, 404)["exception"] ==
        "PipelineNotFoundException");
}

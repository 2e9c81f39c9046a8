// Bearer tokens and roles: viewers read, operators also drive executions, admins also change
// pipelines; requests without a proven token are refused before anything else is looked at.
#include "tests/api_v1/rest_fixture.hpp"

namespace {

using lockstep::testing::RestFixture;
using nlohmann::json;
namespace t = lockstep::testing;

}  // namespace

TEST_CASE("a request without a token or with a bad token is refused with 401") {
  RestFixture api;
  const auto none = api.raw({"GET", "/api/v1/pipelines", ""});
  CHECK(none.status == 401);
  CHECK(none.header("www-authenticate").starts_with("Bearer"));
  CHECK(json::parse(none.body)["exception"] == "UnauthorizedException");
  CHECK(api.raw({"GET", "/api/v1/pipelines", "not-a-token-of-this-server"}).status == 401);
  // A token is refused whatever it lacks: a prefix of a good one is not good.
  CHECK(api.raw({"GET", "/api/v1/pipelines", t::kAdminToken.substr(0, 10)}).status == 401);
  auto basic = api.raw(
      {"GET", "/api/v1/pipelines", "", "", "", {{"Authorization", "Basic YWRtaW46YWRtaW4="}}});
  CHECK(basic.status == 401);
  // Refused before the route looks for the pipeline: no answer tells what exists.
  CHECK(api.raw({"DELETE", "/api/v1/pipelines/absent", ""}).status == 401);
}

TEST_CASE("a viewer may read but starting an execution is refused with 403") {
  RestFixture api;
  api.create("watched");
  api.call("GET", "/api/v1/pipelines/watched", nullptr, 200, t::kViewerToken);
  const json refused = api.call("POST", "/api/v1/pipelines/watched/executions", json::object(), 403,
                                t::kViewerToken);
  CHECK(refused["exception"] == "AccessDeniedException");
  CHECK(refused["message"].get<std::string>().find("operator") != std::string::npos);
  // Nothing was started: the first execution is still the only one.
  CHECK(api.call("GET", "/api/v1/pipelines/watched/executions")["executions"].size() == 1);
}

TEST_CASE("an operator may start an execution but deleting a pipeline is refused with 403") {
  RestFixture api;
  api.create("operated");
  api.call("POST", "/api/v1/pipelines/operated/executions", json::object(), 200, t::kOperatorToken);
  CHECK(api.call("DELETE", "/api/v1/pipelines/operated", nullptr, 403,
                 t::kOperatorToken)["exception"] == "AccessDeniedException");
  api.call("POST", "/api/v1/pipelines", {{"pipeline", t::demo_pipeline("more")}}, 403,
           t::kOperatorToken);
  api.call("GET", "/api/v1/pipelines/operated", nullptr, 200, t::kOperatorToken);
}

TEST_CASE("the caller's token name is recorded as who started an execution") {
  RestFixture api;
  api.create("recorded");
  const json started = api.call("POST", "/api/v1/pipelines/recorded/executions", json::object(),
                                200, t::kOperatorToken);
  const json execution = api.call("GET", "/api/v1/pipelines/recorded/executions/" +
                                             started["pipelineExecutionId"].get<std::string>());
  CHECK(execution["trigger"]["triggerType"] == "StartPipelineExecution");
  CHECK(execution["trigger"]["triggerDetail"] == "operator");
}

TEST_CASE("without a token an unauthenticated server treats a request as admin") {
  RestFixture api(true);
  api.call("POST", "/api/v1/pipelines", {{"pipeline", t::demo_pipeline("open")}}, 201, "");
  api.call("DELETE", "/api/v1/pipelines/open", nullptr, 200, "");
  // A token that is sent is still checked.
  CHECK(api.raw({"GET", "/api/v1/pipelines", "wrong-token-wrong-token"}).status == 401);
}

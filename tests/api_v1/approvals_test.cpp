// Manual approvals waiting now, answered over the REST API, and stage transitions.
#include "tests/api_v1/rest_fixture.hpp"

namespace {

using lockstep::testing::RestFixture;
using nlohmann::json;
namespace t = lockstep::testing;

// Runs the demo pipeline up to its approval.
void reach_approval(RestFixture& api, const std::string& name) {
  auto& executor = api.server.executor;
  api.create(name);
  REQUIRE(executor.complete("src"));
  RestFixture::wait_until([&] { return executor.is_running("build"); });
  REQUIRE(executor.complete("build"));
  RestFixture::wait_until([&] { return executor.started().size() == 3; });
}

}  // namespace

TEST_CASE("a waiting approval is listed with its token for operators and answered with it") {
  RestFixture api;
  reach_approval(api, "gated");
  api.create("other");

  const json for_operator = api.call("GET", "/api/v1/approvals", nullptr, 200, t::kOperatorToken);
  REQUIRE(for_operator["approvals"].size() == 1);
  const json approval = for_operator["approvals"][0];
  CHECK(approval["pipelineName"] == "gated");
  CHECK(approval["stageName"] == "Approve");
  CHECK(approval["actionName"] == "approve");
  const std::string token = approval["token"];
  CHECK_FALSE(token.empty());
  const json for_viewer = api.call("GET", "/api/v1/approvals", nullptr, 200, t::kViewerToken);
  REQUIRE(for_viewer["approvals"].size() == 1);
  CHECK_FALSE(for_viewer["approvals"][0].contains("token"));
  CHECK(api.call("GET", "/api/v1/approvals?pipeline=other")["approvals"].empty());

  const std::string target = "/api/v1/pipelines/gated/stages/Approve/actions/approve/approval";
  const json wrong = api.call("POST", target,
                              {{"token", "00000000-0000-0000-0000-000000000000"},
                               {"status", "Approved"},
                               {"summary", "looks good"}},
                              409, t::kOperatorToken);
  CHECK(wrong["exception"] == "InvalidApprovalTokenException");
  api.call("POST", target, {{"token", token}, {"status", "Approved"}, {"summary", "ok"}}, 403,
           t::kViewerToken);
  CHECK(api.call("POST", target, {{"token", token}, {"status", "Maybe"}}, 400,
                 t::kOperatorToken)["exception"] == "ValidationException");
  CHECK(api.call("POST", "/api/v1/pipelines/gated/stages/Approve/actions/nope/approval",
                 {{"token", token}, {"status", "Approved"}}, 404,
                 t::kOperatorToken)["exception"] == "ActionNotFoundException");

  const json answered =
      api.call("POST", target, {{"token", token}, {"status", "Approved"}, {"summary", "ok"}}, 200,
               t::kOperatorToken);
  CHECK(answered.contains("approvedAt"));
  CHECK(api.call("GET", "/api/v1/approvals")["approvals"].empty());
  const json twice =
      api.call("POST", target, {{"token", token}, {"status", "Rejected"}}, 409, t::kOperatorToken);
  CHECK(twice["exception"] == "ApprovalAlreadyCompletedException");
}

TEST_CASE("a stage transition is disabled with a reason and enabled again") {
  RestFixture api;
  api.create("gates");
  const std::string target = "/api/v1/pipelines/gates/stages/Build/transitions/inbound";
  api.call("POST", target, {{"enabled", false}, {"reason", "release freeze"}}, 200,
           t::kOperatorToken);
  json state = api.call("GET", "/api/v1/pipelines/gates/state");
  CHECK(state["stageStates"][1]["inboundTransitionState"]["enabled"] == false);
  CHECK(state["stageStates"][1]["inboundTransitionState"]["disabledReason"] == "release freeze");
  CHECK(state["stageStates"][1]["inboundTransitionState"]["lastChangedBy"] == "operator");

  api.call("POST", target, {{"enabled", true}}, 200, t::kOperatorToken);
  state = api.call("GET", "/api/v1/pipelines/gates/state");
  CHECK(state["stageStates"][1]["inboundTransitionState"]["enabled"] == true);

  CHECK(api.call("POST", target, {{"enabled", false}}, 400, t::kOperatorToken)["exception"] ==
        "ValidationException");
  CHECK(api.call("POST", "/api/v1/pipelines/gates/stages/Build/transitions/sideways",
                 {{"enabled", true}}, 400,
                 t::kOperatorToken)["exception"] == "ValidationException");
  CHECK(api.call("POST", "/api/v1/pipelines/gates/stages/Nope/transitions/outbound",
                 {{"enabled", true}}, 404,
                 t::kOperatorToken)["exception"] == "StageNotFoundException");
  api.call("POST", target, {{"enabled", true}}, 403, t::kViewerToken);
}

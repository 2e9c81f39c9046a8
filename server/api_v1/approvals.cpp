// Manual approvals: the ones waiting now across pipelines (read from the engine's memory on its
// strand), and answering one with PutApprovalResult.
#include <algorithm>
#include <tuple>

#include "engine/execution_status.hpp"
#include "server/api_v1/handlers.hpp"
#include "server/aws_api/api_json.hpp"

namespace lockstep::server::api_v1 {

void list_approvals(const ApiCall& call) {
  const auto only = call.query("pipeline");
  // The token answers the approval, so only those who may answer see it.
  const bool show_tokens = call.caller.role >= Role::Operator;
  call.deps().orchestrator.inspect([call, only, show_tokens](const engine::EngineState& state) {
    struct Waiting {
      std::string pipeline;
      engine::Timestamp started;
      nlohmann::json json;
    };
    std::vector<Waiting> waiting;
    for (const auto& [token, ref] : state.approvalTokens) {
      if (only && ref.pipelineName != *only) continue;
      const auto pipeline = state.pipelines.find(ref.pipelineName);
      if (pipeline == state.pipelines.end()) continue;
      const auto execution = pipeline->second.executions.find(ref.pipelineExecutionId);
      if (execution == pipeline->second.executions.end()) continue;
      for (const engine::ActionExecution& a : execution->second.actionExecutions) {
        if (a.actionExecutionId != ref.actionExecutionId) continue;
        if (a.status != engine::ActionExecutionStatus::InProgress || a.approvalAnswered) break;
        nlohmann::json item = {{"pipelineName", ref.pipelineName},
                               {"pipelineExecutionId", ref.pipelineExecutionId},
                               {"stageName", a.stageName},
                               {"actionName", a.actionName},
                               {"actionExecutionId", a.actionExecutionId},
                               {"startTime", aws_api::timestamp(a.startTime)}};
        for (const char* key : {"CustomData", "ExternalEntityLink"}) {
          if (auto it = a.resolvedConfiguration.find(key); it != a.resolvedConfiguration.end()) {
            item[key == std::string("CustomData") ? "customData" : "externalEntityLink"] =
                it->second;
          }
        }
        if (show_tokens) item["token"] = token;
        waiting.push_back({ref.pipelineName, a.startTime, std::move(item)});
        break;
      }
    }
    std::sort(waiting.begin(), waiting.end(), [](const Waiting& a, const Waiting& b) {
      return std::tie(a.pipeline, a.started) < std::tie(b.pipeline, b.started);
    });
    nlohmann::json approvals = nlohmann::json::array();
    for (auto& w : waiting) approvals.push_back(std::move(w.json));
    call.ok({{"approvals", std::move(approvals)}});
  });
}

void put_approval_result(const ApiCall& call) {
  auto body = call.json_body();
  if (!body) return;
  nlohmann::json input = {{"pipelineName", call.parameter("name")},
                          {"stageName", call.parameter("stage")},
                          {"actionName", call.parameter("action")},
                          {"result", {{"summary", ""}}}};
  if (auto token = body->find("token"); token != body->end()) input["token"] = *token;
  for (const char* member : {"status", "summary"}) {
    if (auto it = body->find(member); it != body->end()) input["result"][member] = *it;
  }
  call.run(aws_api::put_approval_result, std::move(input));
}

}  // namespace lockstep::server::api_v1

// Stage transitions: enabling or disabling a stage's inbound or outbound transition runs
// EnableStageTransition or DisableStageTransition.
#include "engine/api_errors.hpp"
#include "server/api_v1/handlers.hpp"

namespace lockstep::server::api_v1 {

void change_transition(const ApiCall& call) {
  const std::string& direction = call.parameter("direction");
  if (direction != "inbound" && direction != "outbound") {
    call.fail(engine::api_error::kValidation,
              "The transition is inbound or outbound, not " + direction);
    return;
  }
  auto body = call.json_body();
  if (!body) return;
  const auto enabled = body->find("enabled");
  if (enabled == body->end() || !enabled->is_boolean()) {
    call.fail(engine::api_error::kValidation, "enabled must be true or false");
    return;
  }
  nlohmann::json input = {{"pipelineName", call.parameter("name")},
                          {"stageName", call.parameter("stage")},
                          {"transitionType", direction == "inbound" ? "Inbound" : "Outbound"}};
  if (enabled->get<bool>()) {
    call.run(aws_api::enable_stage_transition, std::move(input));
    return;
  }
  if (auto reason = body->find("reason"); reason != body->end()) input["reason"] = *reason;
  call.run(aws_api::disable_stage_transition, std::move(input));
}

}  // namespace lockstep::server::api_v1

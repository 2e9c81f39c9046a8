// Lookups shared by the engine's handlers: declarations, stage states, executions, attempts.
#include "engine/execution_flow.hpp"

namespace lockstep::engine {

const PipelineDeclaration& declaration_of(const PipelineState& p, const PipelineExecution& e) {
  if (e.pipelineVersion == p.declaration.version) return p.declaration;
  return p.versions.at(e.pipelineVersion);
}

const StageDeclaration& stage_declaration(const PipelineState& p, const PipelineExecution& e,
                                          std::size_t stage_index) {
  return declaration_of(p, e).stages.at(stage_index);
}

StageState& stage_state(PipelineState& p, const std::string& stage_name) {
  auto it = p.stages.find(stage_name);
  if (it == p.stages.end()) {
    it = p.stages.emplace(stage_name, StageState{}).first;
    it->second.stageName = stage_name;
  }
  return it->second;
}

int current_stage_index(const PipelineState& p, std::string_view stage_name) {
  const auto& stages = p.declaration.stages;
  for (std::size_t i = 0; i < stages.size(); ++i) {
    if (stages[i].name == stage_name) return static_cast<int>(i);
  }
  return -1;
}

PipelineExecution* find_execution(PipelineState& p, const std::string& id) {
  auto it = p.executions.find(id);
  return it == p.executions.end() ? nullptr : &it->second;
}

ActionExecution* find_action_execution(EngineState& s, const ActionExecutionRef& ref,
                                       PipelineState** pipeline, PipelineExecution** execution) {
  auto p = s.pipelines.find(ref.pipelineName);
  if (p == s.pipelines.end()) return nullptr;
  PipelineExecution* e = find_execution(p->second, ref.pipelineExecutionId);
  if (e == nullptr) return nullptr;
  // Newest first: completions are nearly always for one of the latest attempts.
  for (auto it = e->actionExecutions.rbegin(); it != e->actionExecutions.rend(); ++it) {
    if (it->actionExecutionId != ref.actionExecutionId) continue;
    if (pipeline != nullptr) *pipeline = &p->second;
    if (execution != nullptr) *execution = e;
    return &*it;
  }
  return nullptr;
}

bool stage_has_running_actions(const PipelineExecution& e, std::size_t stage_index) {
  const StageExecution& se = e.stageExecutions[stage_index];
  for (int index : se.latestAttempt) {
    if (index >= 0 && e.actionExecutions[static_cast<std::size_t>(index)].status ==
                          ActionExecutionStatus::InProgress) {
      return true;
    }
  }
  return false;
}

bool stage_has_running_work(const PipelineExecution& e, std::size_t stage_index) {
  if (stage_has_running_actions(e, stage_index)) return true;
  const auto& condition = e.stageExecutions[stage_index].condition;
  if (!condition || condition->status != ConditionStatus::InProgress) return false;
  for (const RuleExecution& rule : condition->rules) {
    if (rule.status == RuleExecutionStatus::InProgress) return true;
  }
  return false;
}

}  // namespace lockstep::engine

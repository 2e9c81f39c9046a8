// The benchmarks' pipeline: Source(src) -> A(a1) -> B(b1) -> C(c1) -> D(d1), and what a fake
// executor reports for each action.
#pragma once

#include <string>
#include <utility>

#include "engine/commands.hpp"
#include "engine/effects.hpp"
#include "engine/pipeline_declaration.hpp"

namespace lockstep::bench {

using namespace lockstep::engine;  // NOLINT: a benchmark speaks the engine's vocabulary

inline const char* const kPipeline = "P";

inline ActionDeclaration test_action(std::string name) {
  ActionDeclaration a;
  a.name = std::move(name);
  a.actionTypeId = {ActionCategory::Build, ActionOwner::Custom, "TestProvider", "1"};
  a.runOrder = 1;
  a.inputArtifacts = {"SrcOut"};
  return a;
}

// Source(src) -> A(a1) -> B(b1) -> C(c1) -> D(d1), built the way the engine tests build it.
inline PipelineDeclaration five_stage_pipeline(ExecutionMode mode,
                                               const std::string& name = kPipeline) {
  PipelineDeclaration d;
  d.name = name;
  d.pipelineType = PipelineType::V2;
  d.roleArn = "arn:aws:iam::123456789012:role/P";
  d.artifactStore = ArtifactStore{"S3", "artifacts", std::nullopt};
  d.executionMode = mode;
  StageDeclaration source;
  source.name = "Source";
  ActionDeclaration src;
  src.name = "src";
  src.actionTypeId = {ActionCategory::Source, ActionOwner::AWS, "CodeStarSourceConnection", "1"};
  src.configuration = {{"BranchName", "main"}, {"FullRepositoryId", "org/repo"}};
  src.outputArtifacts.push_back({"SrcOut", {}});
  src.namespace_ = "SourceVariables";
  source.actions.push_back(std::move(src));
  d.stages.push_back(std::move(source));
  const std::pair<const char*, const char*> stages[] = {
      {"A", "a1"}, {"B", "b1"}, {"C", "c1"}, {"D", "d1"}};
  for (const auto& [stage_name, action_name] : stages) {
    StageDeclaration stage;
    stage.name = stage_name;
    stage.actions.push_back(test_action(action_name));
    d.stages.push_back(std::move(stage));
  }
  return d;
}

// What a fake executor reports for one StartAction: success, as the engine test harness does.
inline ActionCompleted succeeded(const StartAction& s) {
  ActionCompleted c;
  c.pipelineName = s.pipelineName;
  c.pipelineExecutionId = s.pipelineExecutionId;
  c.actionExecutionId = s.actionExecutionId;
  c.outcome = ActionOutcome::Succeeded;
  c.summary = "done";
  for (const auto& out : s.action.outputArtifacts) {
    c.outputArtifacts.push_back({out.name, "artifact://" + s.actionExecutionId, "", ""});
  }
  if (s.action.actionTypeId.category == ActionCategory::Source) {
    c.outputVariables = {{"CommitId", "head-of-main"}, {"BranchName", "main"}};
  }
  return c;
}

}  // namespace lockstep::bench

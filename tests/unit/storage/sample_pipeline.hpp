// A minimal valid two-stage pipeline (Source, Build) for the storage tests.
#pragma once

#include <string>

#include "engine/pipeline_declaration.hpp"

namespace lockstep::testing {

inline engine::PipelineDeclaration sample_pipeline(const std::string& name = "demo",
                                                   const std::string& branch = "main") {
  using namespace engine;
  ActionDeclaration source;
  source.name = "Checkout";
  source.actionTypeId = {ActionCategory::Source, ActionOwner::AWS, "CodeStarSourceConnection", "1"};
  source.configuration = {{"FullRepositoryId", "acme/demo"},
                          {"BranchName", branch},
                          {"ConnectionArn",
                           "arn:aws:codestar-connections:us-east-1:123456789012:"
                           "connection/00000000-0000-0000-0000-000000000000"}};
  source.outputArtifacts = {{"Src", {}}};

  ActionDeclaration build;
  build.name = "Compile";
  build.actionTypeId = {ActionCategory::Build, ActionOwner::AWS, "CodeBuild", "1"};
  build.configuration = {{"ProjectName", "demo-build"}};
  build.inputArtifacts = {"Src"};

  PipelineDeclaration pipeline;
  pipeline.name = name;
  pipeline.roleArn = "arn:aws:iam::123456789012:role/lockstep";
  pipeline.artifactStore = ArtifactStore{"S3", "lockstep-artifacts", std::nullopt};
  pipeline.stages = {StageDeclaration{"Source", {}, {source}, {}, {}, {}},
                     StageDeclaration{"Build", {}, {build}, {}, {}, {}}};
  return pipeline;
}

}  // namespace lockstep::testing

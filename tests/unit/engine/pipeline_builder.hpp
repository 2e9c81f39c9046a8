// Builds PipelineDeclaration values in code for engine tests (SEMANTICS §0 names: P, Source, A..).
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/pipeline_declaration.hpp"

namespace lockstep::engine::testing {

class PipelineBuilder {
 public:
  explicit PipelineBuilder(std::string name = "P") {
    d_.name = std::move(name);
    d_.pipelineType = PipelineType::V2;
    d_.roleArn = "arn:aws:iam::123456789012:role/P";
    d_.artifactStore = ArtifactStore{"S3", "artifacts", std::nullopt};
  }

  PipelineBuilder& mode(ExecutionMode m) {
    d_.executionMode = m;
    return *this;
  }
  PipelineBuilder& variable(std::string name, std::optional<std::string> default_value = {}) {
    d_.variables.push_back({std::move(name), std::move(default_value), std::nullopt});
    return *this;
  }
  PipelineBuilder& stage(std::string name) {
    d_.stages.push_back(StageDeclaration{});
    d_.stages.back().name = std::move(name);
    return *this;
  }
  // A Git source action with one output artifact and a namespace (fixture F's `src`).
  PipelineBuilder& source(std::string name, std::string output = "SrcOut",
                          std::string ns = "SourceVariables") {
    ActionDeclaration a;
    a.name = std::move(name);
    a.actionTypeId = {ActionCategory::Source, ActionOwner::AWS, "CodeStarSourceConnection", "1"};
    a.configuration = {{"BranchName", "main"}, {"FullRepositoryId", "org/repo"}};
    a.outputArtifacts.push_back({std::move(output), {}});
    a.namespace_ = std::move(ns);
    return add(std::move(a));
  }
  // A test-provider action whose outcome the test controls.
  PipelineBuilder& action(std::string name, int run_order = 1,
                          std::vector<std::string> inputs = {"SrcOut"},
                          std::vector<std::string> outputs = {}) {
    ActionDeclaration a;
    a.name = std::move(name);
    a.actionTypeId = {ActionCategory::Build, ActionOwner::Custom, "TestProvider", "1"};
    a.runOrder = run_order;
    a.inputArtifacts = std::move(inputs);
    for (auto& o : outputs) a.outputArtifacts.push_back({std::move(o), {}});
    return add(std::move(a));
  }
  PipelineBuilder& approval(std::string name, int run_order = 1,
                            std::optional<int> timeout_minutes = {}) {
    ActionDeclaration a;
    a.name = std::move(name);
    a.actionTypeId = {ActionCategory::Approval, ActionOwner::AWS, "Manual", "1"};
    a.runOrder = run_order;
    a.timeoutInMinutes = timeout_minutes;
    return add(std::move(a));
  }
  PipelineBuilder& configure(std::string key, std::string value) {
    d_.stages.back().actions.back().configuration[std::move(key)] = std::move(value);
    return *this;
  }
  PipelineBuilder& in_namespace(std::string ns) {
    d_.stages.back().actions.back().namespace_ = std::move(ns);
    return *this;
  }
  PipelineBuilder& before_entry(ConditionResult result, std::vector<RuleDeclaration> rules) {
    d_.stages.back().beforeEntry.push_back({result, std::move(rules)});
    return *this;
  }
  PipelineBuilder& on_success(ConditionResult result, std::vector<RuleDeclaration> rules) {
    d_.stages.back().onSuccess.push_back({result, std::move(rules)});
    return *this;
  }
  PipelineBuilder& on_failure(ConditionResult result, std::optional<StageRetryMode> retry = {},
                              std::vector<Condition> conditions = {}) {
    d_.stages.back().onFailure = FailureConditions{result, retry, std::move(conditions)};
    return *this;
  }

  PipelineDeclaration build() const { return d_; }

 private:
  PipelineBuilder& add(ActionDeclaration a) {
    d_.stages.back().actions.push_back(std::move(a));
    return *this;
  }
  PipelineDeclaration d_;
};

inline RuleDeclaration rule(std::string name, std::string provider, Configuration configuration) {
  RuleDeclaration r;
  r.name = std::move(name);
  r.ruleTypeId.provider = std::move(provider);
  r.configuration = std::move(configuration);
  return r;
}

// Fixture F of SEMANTICS §18: Source(src) -> A(a1) -> B(b1) -> C(c1).
inline PipelineBuilder fixture_f_builder(ExecutionMode mode = ExecutionMode::Superseded) {
  PipelineBuilder b("P");
  b.mode(mode).stage("Source").source("src").stage("A").action("a1").stage("B").action("b1");
  b.stage("C").action("c1");
  return b;
}

inline PipelineDeclaration fixture_f(ExecutionMode mode = ExecutionMode::Superseded) {
  return fixture_f_builder(mode).build();
}

}  // namespace lockstep::engine::testing

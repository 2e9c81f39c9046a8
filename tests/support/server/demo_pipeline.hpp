// A small valid pipeline for API tests: Source (src) -> Build (build) -> Approve (approve).
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace lockstep::testing {

inline nlohmann::json demo_pipeline(const std::string& name, const std::string& project = "demo") {
  using nlohmann::json;
  auto action = [](const char* action_name, const char* category, const char* provider,
                   json configuration, json inputs, json outputs) {
    return json{
        {"name", action_name},
        {"actionTypeId",
         {{"category", category}, {"owner", "AWS"}, {"provider", provider}, {"version", "1"}}},
        {"configuration", std::move(configuration)},
        {"inputArtifacts", std::move(inputs)},
        {"outputArtifacts", std::move(outputs)}};
  };
  return json{
      {"name", name},
      {"roleArn", "arn:aws:iam::123456789012:role/lockstep"},
      {"artifactStore", {{"type", "S3"}, {"location", "lockstep-artifacts"}}},
      {"stages",
       json::array(
           {{{"name", "Source"},
             {"actions",
              json::array({action("src", "Source", "CodeStarSourceConnection",
                                  {{"FullRepositoryId", "acme/demo"}, {"BranchName", "main"}},
                                  json::array(), json::array({{{"name", "SourceOutput"}}}))})}},
            {{"name", "Build"},
             {"actions",
              json::array({action("build", "Build", "CodeBuild", {{"ProjectName", project}},
                                  json::array({{{"name", "SourceOutput"}}}), json::array())})}},
            {{"name", "Approve"},
             {"actions", json::array({action("approve", "Approval", "Manual", json::object(),
                                             json::array(), json::array())})}}})}};
}

}  // namespace lockstep::testing

// Building blocks for declaration tests: a valid pipeline in YAML pieces, and problem lookups.
#pragma once

#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include "engine/declaration_parser.hpp"

namespace lockstep::engine::test {

inline const std::string kHeader = R"(name: demo
roleArn: arn:aws:iam::123456789012:role/pipeline
artifactStore:
  type: S3
  location: demo-artifacts
)";

// A first stage with one Git source producing SourceOut.
inline const std::string kSourceStage = R"(  - name: Source
    actions:
      - name: src
        actionTypeId: {category: Source, owner: AWS, provider: CodeStarSourceConnection, version: "1"}
        configuration: {FullRepositoryId: acme/demo, BranchName: main}
        outputArtifacts: [{name: SourceOut}]
)";

// A CodeBuild action as a list item of a stage's actions (6 spaces of indent). `extra` lines
// are added as members of the action and must carry their own 8-space indent.
inline std::string build_action(const std::string& name, const std::string& input,
                                const std::string& output, const std::string& extra = "") {
  std::string out = "      - name: " + name +
                    "\n        actionTypeId: {category: Build, owner: AWS, provider: CodeBuild, "
                    "version: \"1\"}\n        configuration: {ProjectName: demo}\n";
  if (!input.empty()) out += "        inputArtifacts: [{name: " + input + "}]\n";
  if (!output.empty()) out += "        outputArtifacts: [{name: " + output + "}]\n";
  return out + extra;
}

inline std::string manual_approval(const std::string& name, const std::string& extra = "") {
  return "      - name: " + name +
         "\n        actionTypeId: {category: Approval, owner: AWS, provider: Manual, version: "
         "\"1\"}\n" +
         extra;
}

inline std::string stage(const std::string& name, const std::string& actions,
                         const std::string& extra = "") {
  return "  - name: " + name + "\n" + extra + "    actions:\n" + actions;
}

inline std::string pipeline(const std::string& stages, const std::string& top = "") {
  return kHeader + top + "stages:\n" + stages;
}

// The smallest valid pipeline: Source → Build.
inline std::string valid_pipeline(const std::string& top = "") {
  return pipeline(kSourceStage + stage("Build", build_action("build", "SourceOut", "BuildOut")),
                  top);
}

// 1-based line of the n-th occurrence of `needle`; tests assert lines through it so that the
// documents stay readable.
inline int line_of(std::string_view text, std::string_view needle, int occurrence = 1) {
  std::size_t at = std::string_view::npos;
  for (std::size_t from = 0; occurrence-- > 0; from = at + 1) {
    at = text.find(needle, from);
    REQUIRE(at != std::string_view::npos);
  }
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + at, '\n'));
}

inline std::string describe_problems(const ParsedDeclaration& result) {
  std::string out;
  for (const auto& p : result.problems) {
    out +=
        p.path + " (line " + std::to_string(p.line) + ", " + p.exception + "): " + p.message + "\n";
  }
  return out;
}

// The only problem of a result that must have exactly one.
inline Problem single_problem(const ParsedDeclaration& result) {
  INFO(describe_problems(result));
  REQUIRE(result.problems.size() == 1);
  return result.problems.front();
}

// The problem at `path`; fails the test when there is none.
inline Problem problem_at(const ParsedDeclaration& result, std::string_view path) {
  INFO(describe_problems(result));
  auto it = std::find_if(result.problems.begin(), result.problems.end(),
                         [&](const Problem& p) { return p.path == path; });
  REQUIRE(it != result.problems.end());
  return *it;
}

// A file under tests/fixtures/pipelines/.
inline std::string fixture(const std::string& name) {
  std::ifstream in(std::string(LOCKSTEP_SOURCE_DIR) + "/tests/fixtures/pipelines/" + name,
                   std::ios::binary);
  REQUIRE(in.good());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace lockstep::engine::test

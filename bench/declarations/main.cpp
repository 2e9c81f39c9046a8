// Benchmark: how fast declarations parse and validate, from a small pipeline to a 1 MiB one.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/declaration_parser.hpp"

namespace {

using lockstep::engine::parse_pipeline_declaration;

// A pipeline of `stages` stages (the first a source) of `actions` CodeBuild actions each.
std::string make_declaration(int stages, int actions) {
  using nlohmann::json;
  json list = json::array();
  list.push_back({{"name", "Source"},
                  {"actions",
                   {{{"name", "src"},
                     {"actionTypeId",
                      {{"category", "Source"},
                       {"owner", "AWS"},
                       {"provider", "CodeStarSourceConnection"},
                       {"version", "1"}}},
                     {"configuration", {{"FullRepositoryId", "acme/big"}, {"BranchName", "main"}}},
                     {"outputArtifacts", {{{"name", "SourceOut"}}}}}}}});
  for (int s = 1; s < stages; ++s) {
    json stage_actions = json::array();
    for (int a = 0; a < actions; ++a) {
      const std::string id = std::to_string(s) + "_" + std::to_string(a);
      stage_actions.push_back(
          {{"name", "build" + id},
           {"actionTypeId",
            {{"category", "Build"}, {"owner", "AWS"}, {"provider", "CodeBuild"}, {"version", "1"}}},
           {"runOrder", 1 + a % 3},
           {"configuration",
            {{"ProjectName", "project-" + id},
             {"EnvironmentVariables", R"([{"name":"PAD","value":"xxxxxxxxxxxxxxxxxxxx"}])"}}},
           {"inputArtifacts", {{{"name", "SourceOut"}}}},
           {"outputArtifacts", {{{"name", "Out" + id}}}}});
    }
    list.push_back({{"name", "Stage" + std::to_string(s)}, {"actions", stage_actions}});
  }
  return json{{"name", "big"},
              {"artifactStore", {{"type", "S3"}, {"location", "big-artifacts"}}},
              {"stages", list}}
      .dump(1);
}

double median_ms(const std::string& text, int runs) {
  std::vector<double> times;
  for (int i = 0; i < runs; ++i) {
    const auto start = std::chrono::steady_clock::now();
    const auto parsed = parse_pipeline_declaration(text);
    const auto end = std::chrono::steady_clock::now();
    if (!parsed.ok()) std::fprintf(stderr, "unexpected problems in the benchmark input\n");
    times.push_back(std::chrono::duration<double, std::milli>(end - start).count());
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

}  // namespace

int main() {
  struct Case {
    const char* name;
    int stages;
    int actions;
    int runs;
  };
  const Case cases[] = {{"5 stages x 2 actions", 5, 2, 200},
                        {"20 stages x 10 actions", 20, 10, 50},
                        {"50 stages x 50 actions", 50, 50, 7}};
  std::printf("%-26s %12s %14s %12s\n", "declaration parse+validate", "size (KiB)", "median (ms)",
              "MiB/s");
  for (const Case& c : cases) {
    const std::string text = make_declaration(c.stages, c.actions);
    const double ms = median_ms(text, c.runs);
    const double kib = static_cast<double>(text.size()) / 1024.0;
    std::printf("%-26s %12.1f %14.2f %12.1f\n", c.name, kib, ms, kib / 1024.0 / (ms / 1000.0));
  }
  return 0;
}

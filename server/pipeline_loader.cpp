#include "server/pipeline_loader.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>
#include <vector>

#include "server/declaration_file.hpp"
#include "server/problem_output.hpp"

namespace lockstep::server {
namespace {

std::vector<std::filesystem::path> declaration_files(const std::filesystem::path& folder) {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    if (entry.is_regular_file() && has_declaration_extension(entry.path())) {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

PipelineFolderResult load_pipeline_folder(const std::filesystem::path& folder, engine::Store& store,
                                          const engine::Clock& clock) {
  PipelineFolderResult result;
  std::map<std::string, std::string> declared_in;  // pipeline name → file, to catch duplicates
  for (const auto& path : declaration_files(folder)) {
    const std::string file = path.string();
    const DeclarationFile read = read_declaration_file(path);
    if (read.read_error) {
      spdlog::error("{}", format_problem(file, 0, "", *read.read_error));
      ++result.skipped;
      continue;
    }
    if (!read.parsed.ok()) {
      for (const auto& problem : read.parsed.problems) {
        spdlog::error("{}", format_problem(file, problem));
      }
      spdlog::error("skipped {}: {} problem(s)", file, read.parsed.problems.size());
      ++result.skipped;
      continue;
    }
    const auto& declaration = read.parsed.declaration;
    if (const auto [other, inserted] = declared_in.emplace(declaration.name, file); !inserted) {
      spdlog::error("skipped {}: pipeline {} is already declared in {}", file, declaration.name,
                    other->second);
      ++result.skipped;
      continue;
    }
    const auto put = store.put_pipeline(declaration, clock.now());
    switch (put.outcome) {
      case engine::PutOutcome::Created:
        spdlog::info("pipeline {} created (version {}) from {}", declaration.name, put.version,
                     file);
        ++result.created;
        break;
      case engine::PutOutcome::Updated:
        spdlog::info("pipeline {} updated (version {}) from {}", declaration.name, put.version,
                     file);
        ++result.updated;
        break;
      case engine::PutOutcome::Unchanged:
        spdlog::info("pipeline {} unchanged (version {}) from {}", declaration.name, put.version,
                     file);
        ++result.unchanged;
        break;
    }
  }
  spdlog::info("pipelines from {}: {} created, {} updated, {} unchanged, {} skipped",
               folder.string(), result.created, result.updated, result.unchanged, result.skipped);
  return result;
}

}  // namespace lockstep::server

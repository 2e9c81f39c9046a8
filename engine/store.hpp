// What the engine needs from durable storage; storage/ implements it on SQLite.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/clock.hpp"
#include "engine/pipeline_declaration.hpp"

namespace lockstep::engine {

// One stored version of a pipeline, with the metadata GetPipeline reports.
struct StoredPipeline {
  PipelineDeclaration declaration;  // declaration.version is this version's number
  Timestamp created = 0;            // when version 1 was stored
  Timestamp updated = 0;            // when the latest version was stored
};

struct PipelineSummary {
  std::string name;
  int version = 0;
  PipelineType pipelineType = PipelineType::V1;
  ExecutionMode executionMode = ExecutionMode::Superseded;
  Timestamp created = 0;
  Timestamp updated = 0;
};

enum class PutOutcome { Created, Updated, Unchanged };

struct PutPipelineResult {
  PutOutcome outcome = PutOutcome::Unchanged;
  int version = 0;  // the version now current
};

class Store {
 public:
  virtual ~Store() = default;

  // Creates the pipeline at version 1, or stores a new version when the declaration differs
  // from the current one (the declaration's own `version` field is ignored).
  virtual PutPipelineResult put_pipeline(const PipelineDeclaration& declaration, Timestamp now) = 0;

  // The current version when `version` is empty, else that version.
  virtual std::optional<StoredPipeline> get_pipeline(std::string_view name,
                                                     std::optional<int> version = {}) const = 0;

  // Every pipeline's current version, by name ascending.
  virtual std::vector<PipelineSummary> list_pipelines() const = 0;

  // Removes the pipeline with its versions and history; false when it did not exist.
  virtual bool delete_pipeline(std::string_view name) = 0;
};

}  // namespace lockstep::engine

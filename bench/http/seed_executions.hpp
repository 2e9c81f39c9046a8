// Fills a data directory's database with the benchmark pipeline and many finished executions,
// written through the store's own commit path in large batches.
#pragma once

#include <filesystem>

#include "engine/pipeline_declaration.hpp"

namespace lockstep::bench {

// The pipeline every HTTP benchmark uses: five stages, a V2 push trigger on branch main of
// repository bench/app.
engine::PipelineDeclaration http_bench_pipeline();

// Stores the pipeline (when it is not stored yet) and `count` succeeded executions of it; returns
// the seconds the executions took to write.
double seed_executions(const std::filesystem::path& database, int count);

// Stores the pipeline only.
void store_pipeline(const std::filesystem::path& database);

}  // namespace lockstep::bench

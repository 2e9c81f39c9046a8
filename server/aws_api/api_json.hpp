// Engine values in the API's JSON shapes: timestamps as epoch seconds, executions, summaries and
// action execution details as the CodePipeline model names their members.
#pragma once

#include <nlohmann/json.hpp>

#include "engine/clock.hpp"
#include "engine/pipeline_declaration.hpp"
#include "engine/pipeline_execution.hpp"
#include "engine/store.hpp"

namespace lockstep::server::aws_api {

// Seconds since the epoch with milliseconds, as botocore's unixtimestamp parser reads them.
nlohmann::json timestamp(engine::Timestamp milliseconds);

nlohmann::json pipeline_metadata(const engine::StoredPipeline& stored, const std::string& region,
                                 const std::string& accountId);

nlohmann::json execution_json(const engine::PipelineExecution& e);          // PipelineExecution
nlohmann::json execution_summary_json(const engine::PipelineExecution& e);  // ...Summary

// ActionExecutionDetail; `version` is the declaration the execution ran on, when still stored.
nlohmann::json action_execution_detail_json(const engine::PipelineExecution& e,
                                            const engine::ActionExecution& a,
                                            const engine::PipelineDeclaration* version);

}  // namespace lockstep::server::aws_api

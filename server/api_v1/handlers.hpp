// The REST API's handlers, one per route; grouped in files by the resource they serve.
#pragma once

#include "server/api_v1/api_call.hpp"

namespace lockstep::server::api_v1 {

// pipelines.cpp
void list_pipelines(const ApiCall& call);
void create_pipeline(const ApiCall& call);
void get_pipeline(const ApiCall& call);
void update_pipeline(const ApiCall& call);
void delete_pipeline(const ApiCall& call);
void validate_pipeline(const ApiCall& call);
void get_pipeline_state(const ApiCall& call);
// executions.cpp
void list_executions(const ApiCall& call);
void start_execution(const ApiCall& call);
void get_execution(const ApiCall& call);
void stop_execution(const ApiCall& call);
void retry_stage(const ApiCall& call);
void list_action_executions(const ApiCall& call);
// transitions.cpp
void change_transition(const ApiCall& call);
// approvals.cpp
void list_approvals(const ApiCall& call);
void put_approval_result(const ApiCall& call);
// logs.cpp
void get_action_log(const ApiCall& call);
// openapi.cpp
void get_openapi(const ApiCall& call);

}  // namespace lockstep::server::api_v1

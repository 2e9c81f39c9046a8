// One API call in flight: its input, who made it, and how to answer it.
#pragma once

#include <nlohmann/json.hpp>

#include <memory>
#include <string>

#include "engine/decide.hpp"
#include "engine/problem.hpp"
#include "server/aws_api/aws_api.hpp"
#include "server/aws_api/input_reader.hpp"

namespace lockstep::server::aws_api {

// How a call's answers are written. The AWS API's own shape unless another front end (the REST
// API) runs the operation, so that both give the same answers in their own form.
struct AnswerShape {
  std::function<HttpResponse(const nlohmann::json&)> success;
  std::function<HttpResponse(const AwsError&)> error;
};

struct AwsCall {
  std::shared_ptr<AwsApiContext> context;
  nlohmann::json input;
  std::string caller;  // the identity recorded as lastChangedBy, triggerDetail, updatedBy
  AwsRespond respond;
  std::shared_ptr<const AnswerShape> shape;  // empty: AWS JSON 1.1

  const AwsApiDeps& deps() const { return context->deps; }
  void ok(const nlohmann::json& body = nlohmann::json::object()) const;
  void fail(const AwsError& error) const;
  void fail(const std::string& type, const std::string& message) const;
  // Refuses with the reader's findings; true when it did.
  bool refused(const InputReader& reader) const;
  // Refuses with the engine's rejection; true when it did.
  bool refused(const engine::Decision& decision) const;
};

using Operation = void (*)(const AwsCall&);

// One function per operation; grouped in files by what they touch.
void create_pipeline(const AwsCall& call);
void update_pipeline(const AwsCall& call);
void delete_pipeline(const AwsCall& call);
void get_pipeline(const AwsCall& call);
void list_pipelines(const AwsCall& call);
void start_pipeline_execution(const AwsCall& call);
void stop_pipeline_execution(const AwsCall& call);
void retry_stage_execution(const AwsCall& call);
void rollback_stage(const AwsCall& call);
void override_stage_condition(const AwsCall& call);
void put_approval_result(const AwsCall& call);
void enable_stage_transition(const AwsCall& call);
void disable_stage_transition(const AwsCall& call);
void get_pipeline_state(const AwsCall& call);
void get_pipeline_execution(const AwsCall& call);
void list_pipeline_executions(const AwsCall& call);
void list_action_executions(const AwsCall& call);

// The exception and message CreatePipeline and UpdatePipeline refuse a declaration with: model
// violations before structural ones, as AWS validates the shape before the semantics.
AwsError declaration_error(const engine::Problems& problems);

// The model's rule for pipeline, stage and action names.
inline StringRule name_rule(bool required = true) {
  return {required, 1, 100, &patterns::kName};
}
inline StringRule execution_id_rule(bool required = true) {
  return {required, 0, 0, &patterns::kExecutionId};
}

}  // namespace lockstep::server::aws_api

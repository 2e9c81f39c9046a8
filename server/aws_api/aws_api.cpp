// Dispatch: authentication first (nothing about a request is looked at before it is proven), then
// the operation named by X-Amz-Target, then its body as JSON.
#include "server/aws_api/aws_api.hpp"

#include <spdlog/spdlog.h>

#include <array>
#include <string_view>
#include <utility>

#include "server/aws_api/aws_call.hpp"

namespace lockstep::server::aws_api {
namespace {

constexpr std::string_view kTargetPrefix = "CodePipeline_20150709.";
constexpr std::size_t kBodyLimit = 1024 * 1024;

struct NamedOperation {
  std::string_view name;
  Operation run;
};

constexpr std::array<NamedOperation, 17> kOperations{{
    {"CreatePipeline", create_pipeline},
    {"GetPipeline", get_pipeline},
    {"UpdatePipeline", update_pipeline},
    {"DeletePipeline", delete_pipeline},
    {"ListPipelines", list_pipelines},
    {"StartPipelineExecution", start_pipeline_execution},
    {"StopPipelineExecution", stop_pipeline_execution},
    {"GetPipelineExecution", get_pipeline_execution},
    {"ListPipelineExecutions", list_pipeline_executions},
    {"GetPipelineState", get_pipeline_state},
    {"RetryStageExecution", retry_stage_execution},
    {"PutApprovalResult", put_approval_result},
    {"EnableStageTransition", enable_stage_transition},
    {"DisableStageTransition", disable_stage_transition},
    {"ListActionExecutions", list_action_executions},
    {"RollbackStage", rollback_stage},
    {"OverrideStageCondition", override_stage_condition},
}};

Operation find_operation(std::string_view target) {
  if (!target.starts_with(kTargetPrefix)) return nullptr;
  target.remove_prefix(kTargetPrefix.size());
  for (const NamedOperation& op : kOperations) {
    if (op.name == target) return op.run;
  }
  return nullptr;
}

// The access key id from "Credential=AKID/..." without checking anything: the identity of a
// caller in unauthenticated mode.
std::string unverified_access_key(const HttpRequest& request) {
  const auto it = request.find(http::field::authorization);
  if (it == request.end()) return {};
  const std::string_view value = it->value();
  const auto at = value.find("Credential=");
  if (at == std::string_view::npos) return {};
  const auto start = at + std::string_view("Credential=").size();
  const auto end = value.find('/', start);
  return std::string(value.substr(start, end == std::string_view::npos ? 0 : end - start));
}

}  // namespace

void AwsApi::handle(const HttpRequest& request, AwsRespond respond) const {
  auto fail = [&](const char* type, std::string message) {
    respond(aws_error_response({type, std::move(message), status_of(type)}));
  };
  std::string access_key;
  if (context_->deps.settings.allowUnauthenticated) {
    access_key = unverified_access_key(request);
  } else {
    Authentication auth = context_->verifier.verify(request);
    if (auth.error) {
      respond(aws_error_response(*auth.error));
      return;
    }
    access_key = std::move(auth.accessKeyId);
  }

  const auto target = request.find("X-Amz-Target");
  const Operation operation = target == request.end() ? nullptr : find_operation(target->value());
  if (operation == nullptr) {
    fail("UnknownOperationException", target == request.end()
                                          ? "Missing X-Amz-Target header"
                                          : "Unknown operation " + std::string(target->value()));
    return;
  }
  const auto content_type = request.find(http::field::content_type);
  if (content_type != request.end()) {
    const std::string_view type = content_type->value();
    if (!type.starts_with("application/x-amz-json-1.1") &&
        !type.starts_with("application/x-amz-json-1.0") && !type.starts_with("application/json")) {
      fail("SerializationException",
           "Content-Type must be application/x-amz-json-1.1, not " + std::string(type));
      return;
    }
  }
  if (request.body().size() > kBodyLimit) {
    fail("SerializationException", "The request body is larger than 1 MiB");
    return;
  }

  AwsCall call;
  call.context = context_;
  call.respond = std::move(respond);
  call.caller = access_key.empty()
                    ? "anonymous"
                    : "arn:aws:iam::" + context_->deps.settings.accountId + ":user/" + access_key;
  if (request.body().empty()) {
    call.input = nlohmann::json::object();
  } else {
    call.input = nlohmann::json::parse(request.body(), nullptr, false);
    if (call.input.is_discarded() || !call.input.is_object()) {
      call.fail("SerializationException", "The request body is not a JSON object");
      return;
    }
  }
  try {
    operation(call);
  } catch (const std::exception& error) {
    // The call may already have been answered only if the throw came after respond, which the
    // operations avoid; storage errors land here before any answer.
    spdlog::error("{} failed: {}", target->value(), error.what());
    call.fail("InternalFailure", "The request could not be processed; see the server log");
  }
}

void add_aws_api_routes(Router& router, AwsApiDeps deps) {
  add_aws_api_routes(router, std::make_shared<AwsApiContext>(std::move(deps)));
}

void add_aws_api_routes(Router& router, std::shared_ptr<AwsApiContext> context) {
  auto api = std::make_shared<AwsApi>(std::move(context));
  router.add_async(
      http::verb::post, "/",
      [api](const RouteRequest& request, Respond respond) {
        api->handle(request.http, std::move(respond));
      },
      RouteOptions{kBodyLimit});
}

void AwsCall::ok(const nlohmann::json& body) const {
  respond(shape ? shape->success(body) : aws_success_response(body));
}

void AwsCall::fail(const AwsError& error) const {
  respond(shape ? shape->error(error) : aws_error_response(error));
}

void AwsCall::fail(const std::string& type, const std::string& message) const {
  fail(AwsError{type, message, status_of(type)});
}

bool AwsCall::refused(const InputReader& reader) const {
  auto error = reader.error();
  if (!error) return false;
  fail(*error);
  return true;
}

bool AwsCall::refused(const engine::Decision& decision) const {
  if (decision.accepted()) return false;
  fail(decision.rejection->exception, decision.rejection->message);
  return true;
}

}  // namespace lockstep::server::aws_api

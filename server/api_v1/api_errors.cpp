#include "server/api_v1/api_errors.hpp"

#include <array>

#include "engine/api_errors.hpp"
#include "server/json_response.hpp"

namespace lockstep::server::api_v1 {
namespace {

constexpr std::array<std::string_view, 6> kNotFound{
    engine::api_error::kPipelineNotFound, engine::api_error::kExecutionNotFound,
    engine::api_error::kStageNotFound,    engine::api_error::kActionNotFound,
    "PipelineVersionNotFoundException",   "ActionExecutionNotFoundException"};

constexpr std::array<std::string_view, 13> kConflict{"ConflictException",
                                                     "PipelineNameInUseException",
                                                     "LimitExceededException",
                                                     engine::api_error::kConcurrentLimit,
                                                     engine::api_error::kNotStoppable,
                                                     engine::api_error::kDuplicatedStop,
                                                     engine::api_error::kNotLatest,
                                                     engine::api_error::kStageNotRetryable,
                                                     engine::api_error::kApprovalAlreadyCompleted,
                                                     engine::api_error::kExecutionOutdated,
                                                     engine::api_error::kUnableToRollback,
                                                     engine::api_error::kConditionNotOverridable,
                                                     "InvalidApprovalTokenException"};

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& names, std::string_view name) {
  for (const std::string_view n : names) {
    if (n == name) return true;
  }
  return false;
}

}  // namespace

HttpResponse api_error(http::status status, std::string_view exception, std::string_view message,
                       const nlohmann::json& extra) {
  nlohmann::json body = extra.is_object() ? extra : nlohmann::json::object();
  body["message"] = message;
  body["exception"] = exception;
  return json_response(status, body);
}

http::status rest_status(std::string_view exception) {
  if (contains(kNotFound, exception)) return http::status::not_found;
  if (contains(kConflict, exception)) return http::status::conflict;
  if (exception == engine::api_error::kInternalFailure) {
    return http::status::internal_server_error;
  }
  return http::status::bad_request;
}

}  // namespace lockstep::server::api_v1

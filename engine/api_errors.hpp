// CodePipeline exception names the execution engine answers with (SEMANTICS §8, §9, §11, §14, §15).
#pragma once

namespace lockstep::engine::api_error {

inline constexpr const char* kPipelineNotFound = "PipelineNotFoundException";
inline constexpr const char* kStageNotFound = "StageNotFoundException";
inline constexpr const char* kActionNotFound = "ActionNotFoundException";
inline constexpr const char* kValidation = "ValidationException";
inline constexpr const char* kConcurrentLimit =
    "ConcurrentPipelineExecutionsLimitExceededException";
inline constexpr const char* kNotStoppable = "PipelineExecutionNotStoppableException";
inline constexpr const char* kDuplicatedStop = "DuplicatedStopRequestException";
inline constexpr const char* kNotLatest = "NotLatestPipelineExecutionException";
inline constexpr const char* kStageNotRetryable = "StageNotRetryableException";
inline constexpr const char* kInvalidApprovalToken = "InvalidApprovalTokenException";
inline constexpr const char* kApprovalAlreadyCompleted = "ApprovalAlreadyCompletedException";
inline constexpr const char* kExecutionNotFound = "PipelineExecutionNotFoundException";
inline constexpr const char* kExecutionOutdated = "PipelineExecutionOutdatedException";
inline constexpr const char* kUnableToRollback = "UnableToRollbackStageException";
inline constexpr const char* kConditionNotOverridable = "ConditionNotOverridableException";
// AWS's common error for a failure on the server's side (HTTP 500): storage could not commit.
inline constexpr const char* kInternalFailure = "InternalFailure";

}  // namespace lockstep::engine::api_error

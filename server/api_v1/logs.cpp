// An action attempt's log as text, whole or the byte range the client asks for, so that a client
// can follow a log by asking for what came after the bytes it already has.
#include <fstream>
#include <system_error>

#include "engine/api_errors.hpp"
#include "executors/local/workspace.hpp"
#include "server/api_v1/api_errors.hpp"
#include "server/api_v1/byte_range.hpp"
#include "server/api_v1/handlers.hpp"

namespace lockstep::server::api_v1 {
namespace {

HttpResponse text_response(http::status status, std::string body) {
  HttpResponse response{status, 11};
  response.set(http::field::content_type, "text/plain; charset=utf-8");
  response.set(http::field::accept_ranges, "bytes");
  response.body() = std::move(body);
  return response;
}

std::string read_bytes(const std::filesystem::path& file, std::uint64_t first,
                       std::uint64_t count) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return {};
  in.seekg(static_cast<std::streamoff>(first));
  std::string bytes(count, '\0');
  in.read(bytes.data(), static_cast<std::streamsize>(count));
  bytes.resize(static_cast<std::size_t>(in.gcount()));
  return bytes;
}

}  // namespace

void get_action_log(const ApiCall& call) {
  const std::string& name = call.parameter("name");
  const std::string& id = call.parameter("id");
  const std::string& attempt = call.parameter("actionExecutionId");
  if (!call.deps().pipelines.get_pipeline(name)) {
    call.fail(engine::api_error::kPipelineNotFound, "Pipeline " + name + " does not exist.");
    return;
  }
  // The ids come from storage, not the request, before they name a path on disk.
  const auto execution = call.deps().executions.find(name, id);
  if (!execution) {
    call.fail(engine::api_error::kExecutionNotFound,
              "Pipeline execution " + id + " does not exist in pipeline " + name + ".");
    return;
  }
  const engine::ActionExecution* action = nullptr;
  for (const auto& a : execution->actionExecutions) {
    if (a.actionExecutionId == attempt) action = &a;
  }
  if (action == nullptr) {
    call.fail("ActionExecutionNotFoundException",
              "Action execution " + attempt + " does not belong to execution " + id + ".");
    return;
  }
  const auto file = executors::local::Workspace(call.context->dataDir)
                        .log_file(execution->pipelineExecutionId, action->actionExecutionId);
  std::error_code error;
  // An attempt that has written nothing yet (or never writes, as an approval) has an empty log.
  std::uint64_t size = std::filesystem::file_size(file, error);
  if (error) size = 0;

  std::optional<std::string_view> header;
  if (auto it = call.request->http.find(http::field::range); it != call.request->http.end()) {
    header = it->value();
  }
  const RangeRequest range = resolve_range(header, size);
  switch (range.kind) {
    case RangeRequest::Kind::Whole:
      call.respond(text_response(http::status::ok, read_bytes(file, 0, size)));
      return;
    case RangeRequest::Kind::Unsatisfiable: {
      HttpResponse response = text_response(http::status::range_not_satisfiable, "");
      response.set(http::field::content_range, "bytes */" + std::to_string(size));
      call.respond(std::move(response));
      return;
    }
    case RangeRequest::Kind::Partial: {
      const std::uint64_t count = range.range.last - range.range.first + 1;
      HttpResponse response =
          text_response(http::status::partial_content, read_bytes(file, range.range.first, count));
      response.set(http::field::content_range, "bytes " + std::to_string(range.range.first) + "-" +
                                                   std::to_string(range.range.last) + "/" +
                                                   std::to_string(size));
      call.respond(std::move(response));
      return;
    }
  }
}

}  // namespace lockstep::server::api_v1

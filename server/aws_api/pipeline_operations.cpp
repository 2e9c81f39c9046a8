// CreatePipeline, UpdatePipeline and DeletePipeline: a declaration is stored first and the engine
// told afterwards (PipelineUpdated), so executions only ever start on a stored version; a delete
// is answered once the engine's batch that removes the pipeline's rows has committed.
#include <spdlog/spdlog.h>

#include <mutex>

#include "engine/api_errors.hpp"
#include "engine/declaration_parser.hpp"
#include "engine/pipeline_json.hpp"
#include "server/aws_api/aws_call.hpp"

namespace lockstep::server::aws_api {
namespace {

constexpr std::size_t kMaxPipelines = 1000;
constexpr std::size_t kMaxTags = 50;

// The declaration through the engine's parser; every problem is in the message.
std::optional<engine::PipelineDeclaration> read_declaration(const AwsCall& call) {
  InputReader reader(call.input);
  reader.object("pipeline", true);
  if (call.refused(reader)) return std::nullopt;
  auto parsed = engine::parse_pipeline_declaration(call.input["pipeline"].dump(),
                                                   engine::DocumentFormat::Json);
  if (parsed.ok()) return std::move(parsed.declaration);
  call.fail(declaration_error(parsed.problems));
  return std::nullopt;
}

// Tags are checked and echoed; Lockstep keeps no tags.
std::optional<nlohmann::json> read_tags(const AwsCall& call) {
  auto it = call.input.find("tags");
  if (it == call.input.end() || it->is_null()) return nlohmann::json::array();
  if (!it->is_array()) {
    call.fail("SerializationException", "tags must be a list");
    return std::nullopt;
  }
  if (it->size() > kMaxTags) {
    call.fail("TooManyTagsException",
              "A pipeline can have at most 50 tags, not " + std::to_string(it->size()));
    return std::nullopt;
  }
  for (const auto& tag : *it) {
    const bool ok = tag.is_object() && tag.contains("key") && tag["key"].is_string() &&
                    tag.contains("value") && tag["value"].is_string() &&
                    !tag["key"].get<std::string>().empty() &&
                    tag["key"].get<std::string>().size() <= 128 &&
                    tag["value"].get<std::string>().size() <= 256;
    if (!ok) {
      call.fail("InvalidTagsException",
                "Each tag needs a key of 1 to 128 characters and a value of at most 256");
      return std::nullopt;
    }
  }
  return *it;
}

}  // namespace

AwsError declaration_error(const engine::Problems& problems) {
  std::string exception;
  for (const engine::Problem& p : problems) {
    if (p.exception == engine::exception::kValidation) exception = p.exception;
  }
  if (exception.empty()) exception = problems.front().exception;
  std::string message;
  for (const engine::Problem& p : problems) {
    if (exception == engine::exception::kValidation && p.exception != exception) continue;
    message += (message.empty() ? "" : "; ") + p.path + ": " + p.message;
  }
  return {exception, message, status_of(exception)};
}

void create_pipeline(const AwsCall& call) {
  auto declaration = read_declaration(call);
  if (!declaration) return;
  auto tags = read_tags(call);
  if (!tags) return;

  const AwsApiDeps& deps = call.deps();
  std::unique_lock lock(call.context->pipelineWrites);
  if (deps.pipelines.get_pipeline(declaration->name)) {
    call.fail("PipelineNameInUseException",
              "A pipeline with the name " + declaration->name + " already exists.");
    return;
  }
  if (deps.pipelines.list_pipelines().size() >= kMaxPipelines) {
    call.fail("LimitExceededException", "The limit of 1000 pipelines has been reached.");
    return;
  }
  deps.pipelines.put_pipeline(*declaration, deps.clock.now());
  auto stored = deps.pipelines.get_pipeline(declaration->name);
  if (!stored) throw std::runtime_error("the pipeline just stored cannot be read back");
  deps.orchestrator.submit(engine::PipelineUpdated{stored->declaration});
  engine::StartExecution start;
  start.pipelineName = declaration->name;
  start.trigger = {"CreatePipeline", call.caller};
  nlohmann::json body = {{"pipeline", engine::to_json(stored->declaration)}};
  if (!tags->empty()) body["tags"] = *tags;
  // Answered once the first execution is durable, so a get-pipeline-state right after sees it.
  deps.orchestrator.submit(std::move(start), [call, body](const engine::Decision& d) {
    if (!d.accepted()) {
      spdlog::warn("pipeline {} was created but its first execution was refused: {}",
                   body["pipeline"]["name"].get<std::string>(), d.rejection->message);
    }
    call.ok(body);
  });
}

void update_pipeline(const AwsCall& call) {
  auto declaration = read_declaration(call);
  if (!declaration) return;

  const AwsApiDeps& deps = call.deps();
  std::unique_lock lock(call.context->pipelineWrites);
  if (!deps.pipelines.get_pipeline(declaration->name)) {
    call.fail(engine::api_error::kPipelineNotFound, "Pipeline with name " + declaration->name +
                                                        " does not exist in account " +
                                                        deps.settings.accountId + ".");
    return;
  }
  const engine::PutPipelineResult put = deps.pipelines.put_pipeline(*declaration, deps.clock.now());
  auto stored = deps.pipelines.get_pipeline(declaration->name);
  if (!stored) throw std::runtime_error("the pipeline just stored cannot be read back");
  nlohmann::json body = {{"pipeline", engine::to_json(stored->declaration)}};
  if (put.outcome == engine::PutOutcome::Unchanged) {
    call.ok(body);
    return;
  }
  deps.orchestrator.submit(engine::PipelineUpdated{stored->declaration},
                           [call, body](const engine::Decision&) { call.ok(body); });
}

void delete_pipeline(const AwsCall& call) {
  InputReader reader(call.input);
  auto name = reader.string("name", name_rule());
  if (call.refused(reader)) return;

  const AwsApiDeps& deps = call.deps();
  std::unique_lock lock(call.context->pipelineWrites);
  // The engine's batch deletes the pipeline's rows with its executions; a pipeline the engine
  // does not know is removed from storage directly. Deleting nothing is not an error.
  deps.orchestrator.submit(
      engine::PipelineDeleted{*name}, [call, name = *name](const engine::Decision& d) {
        if (d.accepted()) {
          call.ok();
        } else if (d.rejection->exception == engine::api_error::kPipelineNotFound) {
          call.deps().pipelines.delete_pipeline(name);
          call.ok();
        } else {
          call.refused(d);
        }
      });
}

}  // namespace lockstep::server::aws_api

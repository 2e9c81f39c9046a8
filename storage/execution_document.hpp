// Storage's private JSON documents for executions, stage states, timers, outbox effects and ids.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/effects.hpp"
#include "engine/engine_state.hpp"
#include "engine/id_source.hpp"
#include "engine/pipeline_execution.hpp"

namespace lockstep::storage {

// Compact JSON text with short member names that reads back exactly: from_json(to_json(x)) == x.
// A member that holds its field's default value (an empty string, vector or map, an absent
// optional, false, 1 for a version) is left out, so reading starts from a default-constructed
// value and fills in what is present. Enums are spelled as the API spells them. Text that is not
// valid UTF-8 is the one thing that does not read back exactly: each invalid byte becomes U+FFFD
// (see JsonWriter).
//
// An execution is stored in two parts: its own row's document holds everything but its action
// attempts (Attempts::Apart), and each attempt has a document in its action_executions row, so a
// change to one attempt rewrites only that attempt. Reading the execution's document back leaves
// actionExecutions empty unless the document includes them.
enum class Attempts { Included, Apart };
std::string to_document(const engine::PipelineExecution& execution,
                        Attempts attempts = Attempts::Included);
// Likewise an attempt's document leaves out, with Columns::Apart, the members its row has a column
// for (id, stage, action, status, summary, updatedBy, start, updated, config, outputVariables,
// externalId, externalUrl, error); read_attempts puts them back from the columns.
enum class Columns { Included, Apart };
std::string to_document(const engine::ActionExecution& attempt,
                        Columns columns = Columns::Included);
std::string to_document(const engine::StageState& stage);
std::string to_document(const engine::PendingTimer& timer);
std::string to_document(const engine::StartAction& action);
std::string to_document(const engine::CancelAction& action);
std::string to_document(const engine::IdSource& ids);

// The same documents as nlohmann values.
template <typename T>
nlohmann::json to_json(const T& value) {
  return nlohmann::json::parse(to_document(value));
}

// Reading throws StorageError naming the member (e.g. "stages[1].status") when a value has the
// wrong type or an enum value this build does not know. Members it does not know are ignored.
void from_json(const nlohmann::json& json, engine::PipelineExecution& out);
void from_json(const nlohmann::json& json, engine::ActionExecution& out);
void from_json(const nlohmann::json& json, engine::StageState& out);
void from_json(const nlohmann::json& json, engine::PendingTimer& out);
void from_json(const nlohmann::json& json, engine::StartAction& out);
void from_json(const nlohmann::json& json, engine::CancelAction& out);
void from_json(const nlohmann::json& json, engine::IdSource& out);

// Parses document text; `what` says in errors what the document is ("execution 1f0e...").
template <typename T>
T from_document(std::string_view text, std::string_view what);

// Column values written beside the documents, in the API's shapes: resolved pipeline variables
// as [{"name", "resolvedValue"}], and a string map (configuration, output variables) as an object.
std::string variables_json(const std::vector<engine::ResolvedPipelineVariable>& variables);
std::string string_map_json(const std::map<std::string, std::string>& values);

}  // namespace lockstep::storage

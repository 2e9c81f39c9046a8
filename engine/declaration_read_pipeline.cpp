// Reads the pipeline-level members of a declaration: identity, artifact stores, variables.
#include <limits>

#include "engine/declaration_read.hpp"

namespace lockstep::engine {
namespace {

std::optional<ArtifactStore> read_artifact_store(DeclarationReader& reader, const YAML::Node& node,
                                                 const std::string& path) {
  auto obj = reader.object(node, path, "an artifact store", {"type", "location", "encryptionKey"});
  if (!obj) return std::nullopt;
  ArtifactStore store;
  if (auto* type = obj->require("type", reader)) {
    if (auto v = reader.fixed_string(*type, obj->path_of("type"), "artifact store type", {"S3"})) {
      store.type = *v;
    }
  }
  if (auto* location = obj->require("location", reader)) {
    if (auto v = reader.string(*location, obj->path_of("location"), "artifact store location",
                               string_rules::kLocation)) {
      store.location = *v;
    }
  }
  if (auto* key = obj->find("encryptionKey")) {
    const std::string key_path = obj->path_of("encryptionKey");
    if (auto key_obj = reader.object(*key, key_path, "an encryption key", {"id", "type"})) {
      EncryptionKey encryption;
      if (auto* id = key_obj->require("id", reader)) {
        if (auto v = reader.string(*id, key_obj->path_of("id"), "encryption key id",
                                   string_rules::kKeyId)) {
          encryption.id = *v;
        }
      }
      if (auto* type = key_obj->require("type", reader)) {
        if (auto v = reader.fixed_string(*type, key_obj->path_of("type"), "encryption key type",
                                         {"KMS"})) {
          encryption.type = *v;
        }
      }
      store.encryptionKey = encryption;
    }
  }
  return store;
}

void read_artifact_stores(DeclarationReader& reader, const YAML::Node& node,
                          const std::string& path, PipelineDeclaration& out) {
  if (!node.IsMap()) {
    reader.problem(
        path, "artifactStores must be an object keyed by region, found " + reader.describe(node));
    return;
  }
  for (const auto& entry : node) {
    const std::string region = entry.first.IsScalar() ? entry.first.Scalar() : std::string();
    const std::string entry_path = path + "." + region;
    if (!reader.visit()) return;
    if (auto violation = check_string(region, string_rules::kRegion)) {
      reader.problem(entry_path, "artifactStores region \"" + region + "\" " + *violation);
      continue;
    }
    if (auto store = read_artifact_store(reader, entry.second, entry_path)) {
      out.artifactStores.insert_or_assign(region, *store);
    }
  }
}

PipelineVariableDeclaration read_variable(DeclarationReader& reader, const YAML::Node& node,
                                          const std::string& path) {
  PipelineVariableDeclaration variable;
  auto obj =
      reader.object(node, path, "a pipeline variable", {"name", "defaultValue", "description"});
  if (!obj) return variable;
  if (auto* name = obj->require("name", reader)) {
    if (auto v = reader.string(*name, obj->path_of("name"), "variable name",
                               string_rules::kVariableName)) {
      variable.name = *v;
    }
  }
  if (auto* value = obj->find("defaultValue")) {
    variable.defaultValue = reader.string(*value, obj->path_of("defaultValue"),
                                          "variable defaultValue", string_rules::kDefaultValue);
  }
  if (auto* description = obj->find("description")) {
    variable.description = reader.string(*description, obj->path_of("description"),
                                         "variable description", string_rules::kDescription);
  }
  return variable;
}

ReadDeclaration read_pipeline(DeclarationReader& reader, const YAML::Node& node) {
  ReadDeclaration out;
  PipelineDeclaration& d = out.declaration;
  auto obj = reader.object(node, "pipeline", "the pipeline declaration",
                           {"name", "roleArn", "artifactStore", "artifactStores", "stages",
                            "version", "executionMode", "pipelineType", "variables", "triggers"});
  if (!obj) return out;
  if (auto* name = obj->require("name", reader)) {
    if (auto v = reader.string(*name, obj->path_of("name"), "pipeline name", string_rules::kName)) {
      d.name = *v;
    }
  }
  // Our decision: roleArn is optional. The model requires it, but a self-hosted server runs
  // local actions without IAM; when given it must still look like a role ARN.
  if (auto* role = obj->find("roleArn")) {
    if (auto v = reader.string(*role, obj->path_of("roleArn"), "roleArn", string_rules::kRoleArn)) {
      d.roleArn = *v;
    }
  }
  if (auto* store = obj->find("artifactStore")) {
    d.artifactStore = read_artifact_store(reader, *store, obj->path_of("artifactStore"));
  }
  if (auto* stores = obj->find("artifactStores")) {
    read_artifact_stores(reader, *stores, obj->path_of("artifactStores"), d);
  }
  if (auto* stages = obj->require("stages", reader)) {
    // The 2..50 count is structural (rule 1), checked by the validator with its own exception.
    reader.list(*stages, obj->path_of("stages"), "stages", 0,
                std::numeric_limits<std::size_t>::max(),
                [&](const YAML::Node& item, const std::string& path, std::size_t) {
                  d.stages.push_back(read_stage(reader, item, path));
                });
  }
  if (auto* version = obj->find("version")) {
    if (auto v = reader.integer(*version, obj->path_of("version"), "version", 1,
                                std::numeric_limits<int>::max())) {
      d.version = *v;
    }
  }
  if (auto* mode = obj->find("executionMode")) {
    if (auto v = reader.enumeration(*mode, obj->path_of("executionMode"), "executionMode",
                                    &parse_execution_mode, "QUEUED, SUPERSEDED, PARALLEL")) {
      d.executionMode = *v;
    }
  }
  if (auto* type = obj->find("pipelineType")) {
    if (auto v = reader.enumeration(*type, obj->path_of("pipelineType"), "pipelineType",
                                    &parse_pipeline_type, "V1, V2")) {
      d.pipelineType = *v;
      out.pipeline_type_given = true;
    }
  }
  if (auto* variables = obj->find("variables")) {
    reader.list(*variables, obj->path_of("variables"), "variables", 0, 50,
                [&](const YAML::Node& item, const std::string& path, std::size_t) {
                  d.variables.push_back(read_variable(reader, item, path));
                });
  }
  if (auto* triggers = obj->find("triggers")) {
    reader.list(*triggers, obj->path_of("triggers"), "triggers", 0, 50,
                [&](const YAML::Node& item, const std::string& path, std::size_t) {
                  d.triggers.push_back(read_trigger(reader, item, path));
                });
  }
  return out;
}

}  // namespace

ReadDeclaration read_declaration_document(DeclarationReader& reader, const YAML::Node& root) {
  // get-pipeline prints {"pipeline": {...}, "metadata": {...}}; a PipelineDeclaration has no
  // member called "pipeline", so its presence identifies the wrapper.
  if (root.IsMap() && root["pipeline"].IsDefined()) {
    ReadDeclaration out;
    for (const auto& member : root) {
      const std::string name = member.first.IsScalar() ? member.first.Scalar() : std::string();
      if (name == "pipeline") {
        out = read_pipeline(reader, member.second);
      } else if (name != "metadata") {  // metadata (ARN, timestamps) is the server's, not ours
        // Paths start at the declaration, so this one is reported at "pipeline" with its own line.
        const YAML::Mark where = member.first.Mark();
        reader.problem("pipeline",
                       "unknown member \"" + name +
                           "\" next to \"pipeline\"; only \"metadata\" may accompany it",
                       exception::kValidation, where.is_null() ? 0 : where.line + 1);
      }
    }
    return out;
  }
  return read_pipeline(reader, root);
}

}  // namespace lockstep::engine

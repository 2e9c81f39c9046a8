// Loads declaration text (JSON or YAML) into a node tree, and remembers the line of each path.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <yaml-cpp/yaml.h>

#include "engine/declaration_parser.hpp"
#include "engine/problem.hpp"

namespace lockstep::engine {

// Path → 1-based line. Lines are looked up in the node tree only when a problem needs one (a
// valid 1 MiB declaration then pays nothing for it), so problems found later on the typed
// declaration still point at a line.
class SourceMap {
 public:
  SourceMap() = default;
  // `declaration` is the PipelineDeclaration node, found at `declaration_line`.
  SourceMap(YAML::Node declaration, int declaration_line);
  // The line of `path` ("pipeline.stages[1].actions[0].name"): a member's key line, a list
  // item's own line; for a path that does not exist, the line of its nearest existing ancestor;
  // 0 for a path outside the declaration.
  int line_of(std::string_view path) const;

 private:
  YAML::Node declaration_;
  int declaration_line_ = 0;
};

struct LoadedDocument {
  YAML::Node root;                      // undefined when `syntax_error` is set
  bool json = false;                    // JSON is stricter about scalar types than YAML
  std::optional<Problem> syntax_error;  // malformed text, with its line
};

// JSON is read through yaml-cpp too (JSON is YAML flow syntax) so that every node has a mark; it
// is first checked by nlohmann's parser, which gives JSON's own error messages for broken JSON.
LoadedDocument load_declaration_document(std::string_view text, DocumentFormat format);

}  // namespace lockstep::engine

// parse_pipeline_declaration: text → document → typed declaration → rule checks, every problem
// with a path and a line.
#include "engine/declaration_parser.hpp"

#include <algorithm>
#include <climits>
#include <exception>

#include "engine/declaration_document.hpp"
#include "engine/declaration_read.hpp"
#include "engine/declaration_reader.hpp"
#include "engine/declaration_validator.hpp"

namespace lockstep::engine {
namespace {

// Each node costs at least a character or two of text, so twice the size is only exceeded when
// YAML aliases repeat subtrees; past that the walk stops instead of running away.
std::size_t node_budget(std::string_view text) {
  return text.size() * 2 + 10000;
}

ParsedDeclaration parse(std::string_view text, DocumentFormat format, DeclarationRules rules) {
  ParsedDeclaration result;
  LoadedDocument doc = load_declaration_document(text, format);
  if (doc.syntax_error) {
    result.problems.push_back(*doc.syntax_error);
    return result;
  }
  // The declaration node is the root, or get-pipeline's "pipeline" member.
  const YAML::Node& root = doc.root;
  YAML::Node declaration_node = root;
  int declaration_line = root.Mark().is_null() ? 1 : root.Mark().line + 1;
  if (root.IsMap()) {
    for (auto it = root.begin(); it != root.end(); ++it) {
      if (it->first.IsScalar() && it->first.Scalar() == "pipeline") {
        declaration_node.reset(it->second);  // rebind; operator= would overwrite the tree
        declaration_line = it->first.Mark().line + 1;
        break;
      }
    }
  }
  const SourceMap lines(declaration_node, declaration_line);
  DeclarationReader reader(doc.json, lines, result.problems, node_budget(text));
  ReadDeclaration read = read_declaration_document(reader, doc.root);
  PipelineDeclaration& declaration = read.declaration;
  if (!read.pipeline_type_given && uses_v2_features(declaration)) {
    declaration.pipelineType = PipelineType::V2;
  }
  if (!reader.out_of_budget() && rules == DeclarationRules::Validate) {
    // Rules run even when the reader found problems, so one pass reports everything; the reader
    // leaves unreadable parts empty, and the rules skip what is empty.
    for (Problem& problem : validate_pipeline_declaration(declaration)) {
      if (reader.is_unreadable(problem.path)) continue;
      problem.line = lines.line_of(problem.path);
      result.problems.push_back(std::move(problem));
    }
  }
  std::stable_sort(result.problems.begin(), result.problems.end(),
                   [](const Problem& a, const Problem& b) {
                     auto key = [](const Problem& p) { return p.line == 0 ? INT_MAX : p.line; };
                     return key(a) < key(b);
                   });
  result.declaration = std::move(declaration);
  return result;
}

}  // namespace

ParsedDeclaration parse_pipeline_declaration(std::string_view text, DocumentFormat format,
                                             DeclarationRules rules) {
  // The contract is "never throws on bad input"; anything that escapes the reader (allocation
  // failure, a yaml-cpp surprise) still becomes a problem.
  try {
    return parse(text, format, rules);
  } catch (const std::exception& error) {
    ParsedDeclaration failed;
    failed.problems.push_back(
        Problem{"pipeline", std::string("the declaration could not be read: ") + error.what(),
                exception::kValidation, 0});
    return failed;
  }
}

}  // namespace lockstep::engine

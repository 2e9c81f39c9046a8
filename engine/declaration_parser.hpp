// Reads a pipeline declaration from JSON or YAML text and validates it with CodePipeline's rules.
#pragma once

#include <string_view>

#include "engine/pipeline_declaration.hpp"
#include "engine/problem.hpp"

namespace lockstep::engine {

enum class DocumentFormat { Auto, Json, Yaml };

// Validate: the document and CodePipeline's rules (user input). StructureOnly: the document alone,
// for declarations read back from storage, which were validated when stored; a rule added later
// must not make a stored pipeline unreadable.
enum class DeclarationRules { Validate, StructureOnly };

struct ParsedDeclaration {
  PipelineDeclaration declaration;  // meaningful only when problems is empty
  Problems problems;                // every problem found, in document order
  bool ok() const { return problems.empty(); }
};

// Accepts CodePipeline's PipelineDeclaration, bare or wrapped as `aws codepipeline get-pipeline`
// prints it ({"pipeline": ..., "metadata": ...}). Auto picks JSON when the text starts with '{'.
// Defaults are filled in (runOrder 1, executionMode SUPERSEDED, pipelineType per SEMANTICS §2.1
// rule 14). Never throws on bad input: every problem is reported with its path and line.
ParsedDeclaration parse_pipeline_declaration(std::string_view text,
                                             DocumentFormat format = DocumentFormat::Auto,
                                             DeclarationRules rules = DeclarationRules::Validate);

}  // namespace lockstep::engine

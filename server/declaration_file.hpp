// Reading a pipeline declaration from a file: the text, the format its extension names, parsed.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "engine/declaration_parser.hpp"

namespace lockstep::server {

struct DeclarationFile {
  std::optional<std::string> read_error;  // why the file could not be read, as a sentence
  engine::ParsedDeclaration parsed;       // meaningful only without read_error
};

DeclarationFile read_declaration_file(const std::filesystem::path& file);

// *.json, *.yaml and *.yml: what a pipelines folder is scanned for.
bool has_declaration_extension(const std::filesystem::path& file);

}  // namespace lockstep::server

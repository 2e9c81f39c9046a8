#include "server/declaration_file.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace lockstep::server {
namespace {

engine::DocumentFormat format_for(const std::filesystem::path& file) {
  const std::string extension = file.extension().string();
  if (extension == ".json") return engine::DocumentFormat::Json;
  if (extension == ".yaml" || extension == ".yml") return engine::DocumentFormat::Yaml;
  return engine::DocumentFormat::Auto;
}

}  // namespace

DeclarationFile read_declaration_file(const std::filesystem::path& file) {
  DeclarationFile result;
  std::error_code error;
  if (std::filesystem::is_directory(file, error)) {
    result.read_error = "cannot read the file: it is a directory";
    return result;
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    result.read_error = std::string("cannot read the file: ") + std::strerror(errno);
    return result;
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) {
    result.read_error = "cannot read the file: reading failed";
    return result;
  }
  result.parsed = engine::parse_pipeline_declaration(text.str(), format_for(file));
  return result;
}

bool has_declaration_extension(const std::filesystem::path& file) {
  const std::string extension = file.extension().string();
  return extension == ".json" || extension == ".yaml" || extension == ".yml";
}

}  // namespace lockstep::server

// Scanner for `#{namespace.key}` references; shared by declaration validation and run-time
// resolution so both agree on what counts as a reference.
#include "engine/variable_reference.hpp"

namespace lockstep::engine {
namespace {

bool is_name_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '@' ||
         c == '-' || c == '_';
}

// Length of the run of name characters starting at `from`.
std::size_t name_run(std::string_view text, std::size_t from) {
  std::size_t end = from;
  while (end < text.size() && is_name_char(text[end])) ++end;
  return end - from;
}

}  // namespace

std::vector<VariableReference> find_variable_references(std::string_view text) {
  std::vector<VariableReference> found;
  std::size_t pos = 0;
  while ((pos = text.find("#{", pos)) != std::string_view::npos) {
    const std::size_t ns_begin = pos + 2;
    const std::size_t ns_len = name_run(text, ns_begin);
    const std::size_t dot = ns_begin + ns_len;
    if (ns_len == 0 || dot >= text.size() || text[dot] != '.') {
      pos += 2;
      continue;
    }
    const std::size_t key_len = name_run(text, dot + 1);
    const std::size_t close = dot + 1 + key_len;
    if (key_len == 0 || close >= text.size() || text[close] != '}') {
      pos += 2;
      continue;
    }
    found.push_back(VariableReference{std::string(text.substr(ns_begin, ns_len)),
                                      std::string(text.substr(dot + 1, key_len)), pos,
                                      close + 1 - pos});
    pos = close + 1;
  }
  return found;
}

}  // namespace lockstep::engine

// Finds `#{namespace.key}` variable references in configuration text (SEMANTICS §13).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace lockstep::engine {

// `#{ns.key}` at text[offset, offset+length).
struct VariableReference {
  std::string ns;
  std::string key;
  std::size_t offset = 0;
  std::size_t length = 0;
};

// Every well-formed reference in order of appearance. Namespace and key both use the namespace
// character set `[A-Za-z0-9@\-_]+`; text that does not match `#{<ns>.<key>}` is not a reference
// and is left alone (no escape syntax is documented, SEMANTICS §13.4).
std::vector<VariableReference> find_variable_references(std::string_view text);

}  // namespace lockstep::engine

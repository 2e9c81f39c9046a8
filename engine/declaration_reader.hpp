// Walks the nodes of a declaration document: JSON types, required and unknown members,
// model constraints, and the line of every path it visits.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "engine/declaration_constraints.hpp"
#include "engine/declaration_document.hpp"
#include "engine/pipeline_declaration.hpp"
#include "engine/problem.hpp"

namespace lockstep::engine {

class DeclarationReader;

// The members of one mapping node, already checked for unknown and duplicate names.
class ObjectNode {
 public:
  const std::string& path() const { return path_; }
  std::string path_of(std::string_view member) const;
  // The member's value, or nullptr when the member is absent.
  const YAML::Node* find(std::string_view member) const;
  // Same, and reports "missing required member" when absent.
  const YAML::Node* require(std::string_view member, DeclarationReader& reader) const;

 private:
  friend class DeclarationReader;
  std::string path_;
  std::vector<std::pair<std::string, YAML::Node>> members_;
};

class DeclarationReader {
 public:
  // `node_budget` bounds the nodes visited, so YAML aliases cannot blow a small text up into an
  // enormous walk.
  DeclarationReader(bool json, const SourceMap& lines, Problems& problems, std::size_t node_budget);

  // The line is looked up from the path (nearest existing ancestor) unless given.
  void problem(const std::string& path, std::string message,
               const char* exception_name = exception::kValidation, int line = 0);
  // Counts a visited node against the budget; false once it is spent.
  bool visit();
  bool out_of_budget() const { return budget_exhausted_; }

  // Paths whose node could not be read at all (wrong type, missing). Rule checks on the typed
  // declaration see an empty value there; their problems at or below such a path would only
  // repeat the reader's, so the parser drops them.
  void unreadable(const std::string& path) { unreadable_.push_back(path); }
  bool is_unreadable(std::string_view path) const;

  // A mapping with the given allowed members; nullopt (problem reported) for any other node.
  std::optional<ObjectNode> object(const YAML::Node& node, const std::string& path,
                                   std::string_view what,
                                   std::initializer_list<std::string_view> members);

  std::optional<std::string> string(const YAML::Node& node, const std::string& path,
                                    std::string_view what, const StringRule& rule);
  std::optional<int> integer(const YAML::Node& node, const std::string& path, std::string_view what,
                             long long min, long long max);

  // Calls each(item, item_path, index) for every item of a list; reports a node that is not a
  // list, and a size outside min..max (items are still read, so their problems show too).
  template <typename Each>
  void list(const YAML::Node& node, const std::string& path, std::string_view what,
            std::size_t min_items, std::size_t max_items, Each&& each) {
    if (!expect_list(node, path, what, min_items, max_items)) return;
    std::size_t index = 0;
    for (const auto& item : node) {
      if (!visit()) return;
      each(item, path + "[" + std::to_string(index) + "]", index);
      ++index;
    }
  }

  std::vector<std::string> string_list(const YAML::Node& node, const std::string& path,
                                       std::string_view what, std::size_t min_items,
                                       std::size_t max_items, const StringRule& rule);

  // An enum member: `parse` maps the API spelling, `allowed` lists it for the message.
  template <typename E>
  std::optional<E> enumeration(const YAML::Node& node, const std::string& path,
                               std::string_view what, std::optional<E> (*parse)(std::string_view),
                               std::string_view allowed) {
    auto text = string(node, path, what, string_rules::kAnyNonEmpty);
    if (!text) return std::nullopt;
    auto value = parse(*text);
    if (!value) bad_enum(path, what, *text, allowed);
    return value;
  }
  // A string member whose only valid values are listed in `allowed` ("S3", "KMS", ...).
  std::optional<std::string> fixed_string(const YAML::Node& node, const std::string& path,
                                          std::string_view what,
                                          std::initializer_list<std::string_view> allowed);

  // A map of string to string (action and rule configuration).
  Configuration string_map(const YAML::Node& node, const std::string& path, std::string_view what,
                           const StringRule& key_rule, const StringRule& value_rule,
                           std::size_t max_entries);

  // "a list", "a string", "null", ... for type messages.
  std::string describe(const YAML::Node& node) const;

 private:
  bool expect_list(const YAML::Node& node, const std::string& path, std::string_view what,
                   std::size_t min_items, std::size_t max_items);
  void bad_enum(const std::string& path, std::string_view what, std::string_view value,
                std::string_view allowed);
  bool is_string_scalar(const YAML::Node& node) const;

  bool json_;
  const SourceMap& lines_;
  Problems& problems_;
  std::size_t budget_;
  bool budget_exhausted_ = false;
  std::vector<std::string> unreadable_;
};

}  // namespace lockstep::engine

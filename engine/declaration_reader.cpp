// Generic node reading for declarations; the part-specific readers build on these checks.
#include "engine/declaration_reader.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <limits>

namespace lockstep::engine {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// Values are quoted into messages; a 1000-character value would drown the sentence.
std::string quoted(std::string_view value) {
  constexpr std::size_t kShown = 80;
  if (value.size() <= kShown) return "\"" + std::string(value) + "\"";
  return "\"" + std::string(value.substr(0, kShown)) + "...\"";
}

bool is_plain(const YAML::Node& node) {
  return node.Tag() == "?";
}

bool looks_numeric(std::string_view s) {
  if (s.empty()) return false;
  double ignored = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), ignored);
  return ec == std::errc() && end == s.data() + s.size();
}

}  // namespace

std::string ObjectNode::path_of(std::string_view member) const {
  return path_ + "." + std::string(member);
}

const YAML::Node* ObjectNode::find(std::string_view member) const {
  for (const auto& [name, value] : members_) {
    if (name == member) return &value;
  }
  return nullptr;
}

const YAML::Node* ObjectNode::require(std::string_view member, DeclarationReader& reader) const {
  const YAML::Node* value = find(member);
  if (value == nullptr) {
    reader.problem(path_of(member), "missing required member \"" + std::string(member) + "\"");
    reader.unreadable(path_of(member));
  }
  return value;
}

DeclarationReader::DeclarationReader(bool json, const SourceMap& lines, Problems& problems,
                                     std::size_t node_budget)
    : json_(json), lines_(lines), problems_(problems), budget_(node_budget) {}

void DeclarationReader::problem(const std::string& path, std::string message,
                                const char* exception_name, int line) {
  if (line == 0) line = lines_.line_of(path);
  problems_.push_back(Problem{path, std::move(message), exception_name, line});
}

bool DeclarationReader::is_unreadable(std::string_view path) const {
  for (const std::string& bad : unreadable_) {
    if (path.starts_with(bad) &&
        (path.size() == bad.size() || path[bad.size()] == '.' || path[bad.size()] == '[')) {
      return true;
    }
  }
  return false;
}

bool DeclarationReader::visit() {
  if (budget_ == 0) {
    if (!budget_exhausted_) {
      budget_exhausted_ = true;
      problem("pipeline",
              "the declaration is too large to read: it has too many nodes once YAML aliases are "
              "expanded");
    }
    return false;
  }
  --budget_;
  return true;
}

std::string DeclarationReader::describe(const YAML::Node& node) const {
  if (!node.IsDefined()) return "nothing";
  if (node.IsNull()) return "null";
  if (node.IsMap()) return "an object";
  if (node.IsSequence()) return "a list";
  if (!is_plain(node)) return "a string";
  const std::string& text = node.Scalar();
  if (text == "true" || text == "false") return "a boolean";
  if (looks_numeric(text)) return "a number";
  return "a string";
}

bool DeclarationReader::is_string_scalar(const YAML::Node& node) const {
  if (!node.IsScalar()) return false;
  const std::string& tag = node.Tag();
  // YAML writers leave most strings unquoted; JSON has no unquoted strings, so there a plain
  // scalar is a number, a boolean or a typo'd keyword.
  return tag == "!" || tag == "tag:yaml.org,2002:str" || (!json_ && tag == "?");
}

std::optional<ObjectNode> DeclarationReader::object(
    const YAML::Node& node, const std::string& path, std::string_view what,
    std::initializer_list<std::string_view> members) {
  if (!node.IsMap()) {
    problem(path, std::string(what) + " must be an object, found " + describe(node));
    unreadable(path);
    return std::nullopt;
  }
  ObjectNode out;
  out.path_ = path;
  for (auto it = node.begin(); it != node.end() && !budget_exhausted_; ++it) {
    const YAML::detail::iterator_value entry = *it;  // it-> hands out a short-lived proxy
    const YAML::Node& key = entry.first;
    if (!visit()) break;
    if (!key.IsScalar()) {
      problem(path, std::string(what) + " has a member name that is not a string");
      continue;
    }
    const std::string& name = key.Scalar();
    const std::string member_path = out.path_of(name);
    if (std::find(members.begin(), members.end(), name) == members.end()) {
      std::string message = "unknown member \"" + name + "\" in " + std::string(what);
      auto near = std::find_if(members.begin(), members.end(),
                               [&](std::string_view m) { return iequals(m, name); });
      if (near != members.end()) message += "; did you mean \"" + std::string(*near) + "\"?";
      problem(member_path, std::move(message));
      continue;
    }
    if (out.find(name) != nullptr) {
      // The path alone would lead to the first occurrence; point at this one.
      problem(member_path, "member \"" + name + "\" appears more than once in " + std::string(what),
              exception::kValidation, key.Mark().line + 1);
      continue;
    }
    out.members_.emplace_back(name, entry.second);
  }
  return out;
}

std::optional<std::string> DeclarationReader::string(const YAML::Node& node,
                                                     const std::string& path, std::string_view what,
                                                     const StringRule& rule) {
  if (!is_string_scalar(node)) {
    problem(path, std::string(what) + " must be a string, found " + describe(node));
    unreadable(path);
    return std::nullopt;
  }
  const std::string& value = node.Scalar();
  if (auto violation = check_string(value, rule)) {
    const bool pattern =
        violation->starts_with("must match") || violation->starts_with("must be an");
    problem(path,
            std::string(what) + (pattern ? " " + quoted(value) : std::string()) + " " + *violation);
    unreadable(path);  // the value is left out of the declaration
    return std::nullopt;
  }
  return value;
}

std::optional<int> DeclarationReader::integer(const YAML::Node& node, const std::string& path,
                                              std::string_view what, long long min, long long max) {
  const std::string& text = node.IsScalar() ? node.Scalar() : std::string();
  long long value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  const bool whole = !text.empty() && end == text.data() + text.size();
  if (!node.IsScalar() || !is_plain(node) || !whole ||
      (ec != std::errc() && ec != std::errc::result_out_of_range)) {
    problem(path, std::string(what) + " must be an integer, found " + describe(node));
    unreadable(path);
    return std::nullopt;
  }
  if (ec == std::errc::result_out_of_range || value < min || value > max) {
    const std::string range =
        max == std::numeric_limits<int>::max()
            ? "at least " + std::to_string(min)
            : "between " + std::to_string(min) + " and " + std::to_string(max);
    problem(path, std::string(what) + " must be " + range + ", got " + text);
    unreadable(path);
    return std::nullopt;
  }
  return static_cast<int>(value);
}

bool DeclarationReader::expect_list(const YAML::Node& node, const std::string& path,
                                    std::string_view what, std::size_t min_items,
                                    std::size_t max_items) {
  if (!node.IsSequence()) {
    problem(path, std::string(what) + " must be a list, found " + describe(node));
    unreadable(path);
    return false;
  }
  const std::size_t size = node.size();
  if (size < min_items || size > max_items) {
    std::string range = min_items == max_items ? std::to_string(min_items)
                        : min_items == 0
                            ? "at most " + std::to_string(max_items)
                            : std::to_string(min_items) + " to " + std::to_string(max_items);
    problem(path, std::string(what) + " must have " + range + " item" +
                      (max_items == 1 ? "" : "s") + ", found " + std::to_string(size));
  }
  return true;
}

std::vector<std::string> DeclarationReader::string_list(
    const YAML::Node& node, const std::string& path, std::string_view what, std::size_t min_items,
    std::size_t max_items, const StringRule& rule) {
  std::vector<std::string> out;
  const std::string item_what = "each item of " + std::string(what);
  list(node, path, what, min_items, max_items,
       [&](const YAML::Node& item, const std::string& item_path, std::size_t) {
         if (auto value = string(item, item_path, item_what, rule)) out.push_back(*value);
       });
  return out;
}

void DeclarationReader::bad_enum(const std::string& path, std::string_view what,
                                 std::string_view value, std::string_view allowed) {
  problem(path, std::string(what) + " " + quoted(value) + " is not one of " + std::string(allowed));
  unreadable(path);
}

std::optional<std::string> DeclarationReader::fixed_string(
    const YAML::Node& node, const std::string& path, std::string_view what,
    std::initializer_list<std::string_view> allowed) {
  auto value = string(node, path, what, string_rules::kAnyNonEmpty);
  if (!value) return std::nullopt;
  if (std::find(allowed.begin(), allowed.end(), *value) != allowed.end()) return value;
  std::string list;
  for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
  bad_enum(path, what, *value, list);
  return std::nullopt;
}

Configuration DeclarationReader::string_map(const YAML::Node& node, const std::string& path,
                                            std::string_view what, const StringRule& key_rule,
                                            const StringRule& value_rule, std::size_t max_entries) {
  Configuration out;
  if (!node.IsMap()) {
    problem(path, std::string(what) + " must be an object, found " + describe(node));
    unreadable(path);
    return out;
  }
  if (node.size() > max_entries) {
    problem(path, std::string(what) + " must have at most " + std::to_string(max_entries) +
                      " entries, found " + std::to_string(node.size()));
  }
  for (auto it = node.begin(); it != node.end() && !budget_exhausted_; ++it) {
    if (!visit()) break;
    const YAML::detail::iterator_value entry = *it;
    if (!is_string_scalar(entry.first)) {
      problem(path, std::string(what) + " has a key that is not a string");
      continue;
    }
    const std::string& key = entry.first.Scalar();
    const std::string entry_path = path + "." + key;
    if (auto violation = check_string(key, key_rule)) {
      problem(entry_path, std::string(what) + " key " + quoted(key) + " " + *violation);
      continue;
    }
    if (out.contains(key)) {
      problem(entry_path, std::string(what) + " key " + quoted(key) + " appears more than once",
              exception::kValidation, entry.first.Mark().line + 1);
      continue;
    }
    if (auto value = string(entry.second, entry_path,
                            std::string(what) + " value of " + quoted(key), value_rule)) {
      out.emplace(key, std::move(*value));
    }
  }
  return out;
}

}  // namespace lockstep::engine

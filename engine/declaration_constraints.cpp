// Checks of the model's length and pattern constraints on declaration strings.
#include "engine/declaration_constraints.hpp"

#include <algorithm>

namespace lockstep::engine {
namespace {

bool alnum(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

bool allowed(CharSet chars, char c) {
  switch (chars) {
    case CharSet::Name:
      return alnum(c) || c == '.' || c == '@' || c == '-' || c == '_';
    case CharSet::Artifact:
    case CharSet::TypeToken:
      return alnum(c) || c == '-' || c == '_';
    case CharSet::Namespace:
      return alnum(c) || c == '@' || c == '-' || c == '_';
    case CharSet::EnvName:
      return alnum(c) || c == '_';
    case CharSet::BucketName:
      return alnum(c) || c == '-' || c == '.';
    case CharSet::Any:
    case CharSet::RoleArn:
      return true;
  }
  return true;
}

// arn:aws(-[\w]+)*:iam::[0-9]{12}:role/.*
bool is_role_arn(std::string_view value) {
  if (!value.starts_with("arn:aws")) return false;
  value.remove_prefix(7);
  auto word = [](char c) { return alnum(c) || c == '_'; };
  while (value.starts_with('-')) {
    value.remove_prefix(1);
    const auto n = static_cast<std::size_t>(std::find_if_not(value.begin(), value.end(), word) -
                                            value.begin());
    if (n == 0) return false;
    value.remove_prefix(n);
  }
  if (!value.starts_with(":iam::")) return false;
  value.remove_prefix(6);
  if (value.size() < 12 || !std::all_of(value.begin(), value.begin() + 12,
                                        [](char c) { return c >= '0' && c <= '9'; })) {
    return false;
  }
  value.remove_prefix(12);
  return value.starts_with(":role/");
}

}  // namespace

const char* pattern_text(CharSet chars) {
  switch (chars) {
    case CharSet::Any:
      return ".*";
    case CharSet::Name:
      return "[A-Za-z0-9.@\\-_]+";
    case CharSet::Artifact:
      return "[a-zA-Z0-9_\\-]+";
    case CharSet::Namespace:
      return "[A-Za-z0-9@\\-_]+";
    case CharSet::TypeToken:
      return "[0-9A-Za-z_-]+";
    case CharSet::EnvName:
      return "[A-Za-z0-9_]+";
    case CharSet::BucketName:
      return "[a-zA-Z0-9\\-\\.]+";
    case CharSet::RoleArn:
      return "arn:aws(-[\\w]+)*:iam::[0-9]{12}:role/.*";
  }
  return ".*";
}

std::size_t character_count(std::string_view value) {
  // Every code point has exactly one byte that is not a continuation byte (10xxxxxx).
  return static_cast<std::size_t>(std::count_if(value.begin(), value.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

std::optional<std::string> check_string(std::string_view value, const StringRule& rule) {
  const std::size_t length = character_count(value);
  if (length < rule.min_length || length > rule.max_length) {
    std::string range = rule.min_length == 0 ? "at most " + std::to_string(rule.max_length)
                                             : std::to_string(rule.min_length) + " to " +
                                                   std::to_string(rule.max_length);
    if (rule.min_length == 1 && length == 0) return "must not be empty";
    return "must be " + range + " characters long, got " + std::to_string(length);
  }
  if (rule.chars == CharSet::RoleArn) {
    if (!is_role_arn(value)) {
      return std::string("must be an IAM role ARN matching ") + pattern_text(rule.chars);
    }
    return std::nullopt;
  }
  if (!std::all_of(value.begin(), value.end(), [&](char c) { return allowed(rule.chars, c); })) {
    return std::string("must match the pattern ") + pattern_text(rule.chars);
  }
  return std::nullopt;
}

}  // namespace lockstep::engine

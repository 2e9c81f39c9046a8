// The API model's constraints on declaration strings: length ranges and character patterns.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace lockstep::engine {

// The patterns the CodePipeline model uses, checked by hand: they are all single character
// classes (or the IAM role ARN), and std::regex would be the slowest part of a 1 MiB parse.
enum class CharSet {
  Any,         // .*
  Name,        // [A-Za-z0-9.@\-_]+   pipeline, stage, action, rule names
  Artifact,    // [a-zA-Z0-9_\-]+     artifact names
  Namespace,   // [A-Za-z0-9@\-_]+    namespaces, pipeline variable names
  TypeToken,   // [0-9A-Za-z_-]+      action type provider and version
  EnvName,     // [A-Za-z0-9_]+       environment variable names
  BucketName,  // [a-zA-Z0-9\-\.]+    artifact store location
  RoleArn,     // arn:aws(-[\w]+)*:iam::[0-9]{12}:role/.*
};

struct StringRule {
  std::size_t min_length = 0;
  std::size_t max_length = 0;
  CharSet chars = CharSet::Any;
};

namespace string_rules {
inline constexpr StringRule kName{1, 100, CharSet::Name};
inline constexpr StringRule kArtifactName{1, 100, CharSet::Artifact};
inline constexpr StringRule kNamespace{1, 100, CharSet::Namespace};
inline constexpr StringRule kVariableName{1, 128, CharSet::Namespace};
inline constexpr StringRule kProvider{1, 35, CharSet::TypeToken};
inline constexpr StringRule kVersion{1, 9, CharSet::TypeToken};
inline constexpr StringRule kRoleArn{0, 1024, CharSet::RoleArn};
inline constexpr StringRule kRegion{4, 30, CharSet::Any};
inline constexpr StringRule kLocation{3, 63, CharSet::BucketName};
inline constexpr StringRule kConfigurationKey{1, 50, CharSet::Any};
inline constexpr StringRule kConfigurationValue{1, 1000, CharSet::Any};
inline constexpr StringRule kRuleConfigurationValue{1, 10000, CharSet::Any};
inline constexpr StringRule kCommand{1, 1000, CharSet::Any};
inline constexpr StringRule kOutputVariable{1, 128, CharSet::Any};
inline constexpr StringRule kFilePattern{1, 128, CharSet::Any};
inline constexpr StringRule kEnvName{1, 128, CharSet::EnvName};
inline constexpr StringRule kEnvValue{1, 2000, CharSet::Any};
inline constexpr StringRule kDefaultValue{1, 1000, CharSet::Any};
inline constexpr StringRule kDescription{0, 200, CharSet::Any};
inline constexpr StringRule kGlob{1, 255, CharSet::Any};
inline constexpr StringRule kBlockerName{1, 100, CharSet::Any};
inline constexpr StringRule kKeyId{1, 400, CharSet::Any};
inline constexpr StringRule kAnyNonEmpty{1, 1 << 20, CharSet::Any};
}  // namespace string_rules

// The pattern as the model writes it, for messages.
const char* pattern_text(CharSet chars);

// Length in characters (UTF-8 code points), which is what the model's limits count.
std::size_t character_count(std::string_view value);

// What is wrong with `value`, as the end of a sentence ("must be 1 to 100 characters long, got
// 120"), or nullopt when it satisfies the rule.
std::optional<std::string> check_string(std::string_view value, const StringRule& rule);

}  // namespace lockstep::engine

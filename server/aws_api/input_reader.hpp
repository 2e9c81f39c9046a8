// Reads an operation's input members against the model's constraints, collecting every violation
// in AWS's wording ("Value 'x' at 'name' failed to satisfy constraint: ...") before refusing.
#pragma once

#include <nlohmann/json.hpp>

#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/aws_api/aws_error.hpp"

namespace lockstep::server::aws_api {

// A model pattern: its text (quoted in messages) and a matcher for the whole value.
struct Pattern {
  const char* text;
  bool (*matches)(std::string_view);
};

namespace patterns {
extern const Pattern kName;            // pipeline, stage and action names
extern const Pattern kExecutionId;     // lowercase UUID
extern const Pattern kClientToken;     // ^[a-zA-Z0-9-]+$
extern const Pattern kVariableName;    // [A-Za-z0-9@\-_]+
extern const Pattern kDisabledReason;  // [a-zA-Z0-9!@ \(\)\.\*\?\-]+
}  // namespace patterns

struct StringRule {
  bool required = false;
  std::size_t minLength = 0;
  std::size_t maxLength = 0;  // 0 = no limit
  const Pattern* pattern = nullptr;
};

class InputReader {
 public:
  explicit InputReader(const nlohmann::json& object, std::string prefix = {});

  std::optional<std::string> string(std::string_view member, StringRule rule);
  std::optional<std::string> enumeration(std::string_view member,
                                         std::initializer_list<const char*> values, bool required);
  std::optional<long long> integer(std::string_view member, long long min, long long max,
                                   bool required = false);
  std::optional<bool> boolean(std::string_view member);
  // A nested structure read by its own reader sharing this one's findings; empty when absent.
  std::optional<InputReader> object(std::string_view member, bool required = false);
  // The array itself (elements are read by the caller); checks its length.
  const nlohmann::json* list(std::string_view member, std::size_t minItems, std::size_t maxItems,
                             bool required = false);
  InputReader element(const nlohmann::json& item, std::string_view member, std::size_t index);

  // SerializationException for a member of the wrong JSON type, else ValidationException with
  // every violation, else nothing.
  std::optional<AwsError> error() const;
  void violation(const std::string& message);

 private:
  struct Findings {
    std::vector<std::string> violations;
    std::vector<std::string> wrongTypes;
  };
  InputReader(const nlohmann::json& object, std::string prefix, std::shared_ptr<Findings> f);
  const nlohmann::json* member(std::string_view name) const;
  std::string path(std::string_view member) const;
  void null_violation(std::string_view member);

  const nlohmann::json& object_;
  std::string prefix_;
  std::shared_ptr<Findings> findings_;
};

// A `message` for ValidationException from one violation, in AWS's words.
std::string validation_message(const std::vector<std::string>& violations);

}  // namespace lockstep::server::aws_api

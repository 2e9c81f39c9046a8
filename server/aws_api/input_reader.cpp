#include "server/aws_api/input_reader.hpp"

#include <cctype>

namespace lockstep::server::aws_api {
namespace patterns {
namespace {

template <typename Allowed>
bool all_of(std::string_view s, Allowed allowed) {
  if (s.empty()) return false;
  for (const char c : s) {
    if (!allowed(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

bool alnum(unsigned char c) {
  return std::isalnum(c) != 0;
}

bool lower_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

}  // namespace

const Pattern kName{"[A-Za-z0-9.@\\-_]+", [](std::string_view s) {
                      return all_of(s, [](unsigned char c) {
                        return alnum(c) || c == '.' || c == '@' || c == '-' || c == '_';
                      });
                    }};
const Pattern kExecutionId{"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
                           [](std::string_view s) {
                             if (s.size() != 36) return false;
                             for (std::size_t i = 0; i < s.size(); ++i) {
                               const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
                               if (dash ? s[i] != '-' : !lower_hex(s[i])) return false;
                             }
                             return true;
                           }};
const Pattern kClientToken{"^[a-zA-Z0-9-]+$", [](std::string_view s) {
                             return all_of(s, [](unsigned char c) { return alnum(c) || c == '-'; });
                           }};
const Pattern kVariableName{"[A-Za-z0-9@\\-_]+", [](std::string_view s) {
                              return all_of(s, [](unsigned char c) {
                                return alnum(c) || c == '@' || c == '-' || c == '_';
                              });
                            }};
const Pattern kDisabledReason{"[a-zA-Z0-9!@ \\(\\)\\.\\*\\?\\-]+", [](std::string_view s) {
                                return all_of(s, [](unsigned char c) {
                                  return alnum(c) ||
                                         std::string_view("!@ ().*?-").find(static_cast<char>(c)) !=
                                             std::string_view::npos;
                                });
                              }};

}  // namespace patterns

namespace {

std::string quote_value(const std::string& value) {
  return "'" + (value.size() > 100 ? value.substr(0, 100) + "..." : value) + "'";
}

}  // namespace

std::string validation_message(const std::vector<std::string>& violations) {
  std::string message = std::to_string(violations.size()) +
                        (violations.size() == 1 ? " validation error" : " validation errors") +
                        " detected: ";
  for (std::size_t i = 0; i < violations.size(); ++i) {
    if (i > 0) message += "; ";
    message += violations[i];
  }
  return message;
}

InputReader::InputReader(const nlohmann::json& object, std::string prefix)
    : InputReader(object, std::move(prefix), std::make_shared<Findings>()) {}

InputReader::InputReader(const nlohmann::json& object, std::string prefix,
                         std::shared_ptr<Findings> f)
    : object_(object), prefix_(std::move(prefix)), findings_(std::move(f)) {}

const nlohmann::json* InputReader::member(std::string_view name) const {
  if (!object_.is_object()) return nullptr;
  auto it = object_.find(std::string(name));
  if (it == object_.end() || it->is_null()) return nullptr;
  return &*it;
}

std::string InputReader::path(std::string_view member) const {
  return prefix_.empty() ? std::string(member) : prefix_ + "." + std::string(member);
}

void InputReader::violation(const std::string& message) {
  findings_->violations.push_back(message);
}

void InputReader::null_violation(std::string_view member) {
  violation("Value null at '" + path(member) +
            "' failed to satisfy constraint: Member must not "
            "be null");
}

std::optional<std::string> InputReader::string(std::string_view name, StringRule rule) {
  const nlohmann::json* value = member(name);
  if (value == nullptr) {
    if (rule.required) null_violation(name);
    return std::nullopt;
  }
  if (!value->is_string()) {
    findings_->wrongTypes.push_back(path(name) + " must be a string");
    return std::nullopt;
  }
  std::string text = value->get<std::string>();
  bool ok = true;
  const std::string at = "Value " + quote_value(text) + " at '" + path(name) + "'";
  if (text.size() < rule.minLength) {
    violation(at +
              " failed to satisfy constraint: Member must have length greater than or "
              "equal to " +
              std::to_string(rule.minLength));
    ok = false;
  }
  if (rule.maxLength > 0 && text.size() > rule.maxLength) {
    violation(at +
              " failed to satisfy constraint: Member must have length less than or equal "
              "to " +
              std::to_string(rule.maxLength));
    ok = false;
  }
  if (rule.pattern != nullptr && !text.empty() && !rule.pattern->matches(text)) {
    violation(at +
              " failed to satisfy constraint: Member must satisfy regular expression "
              "pattern: " +
              rule.pattern->text);
    ok = false;
  }
  if (!ok) return std::nullopt;
  return text;
}

std::optional<std::string> InputReader::enumeration(std::string_view name,
                                                    std::initializer_list<const char*> values,
                                                    bool required) {
  auto text = string(name, {required});
  if (!text) return std::nullopt;
  std::string list;
  for (const char* v : values) {
    if (*text == v) return text;
    list += (list.empty() ? "" : ", ") + std::string(v);
  }
  violation("Value " + quote_value(*text) + " at '" + path(name) +
            "' failed to satisfy constraint: Member must satisfy enum value set: [" + list + "]");
  return std::nullopt;
}

std::optional<long long> InputReader::integer(std::string_view name, long long min, long long max,
                                              bool required) {
  const nlohmann::json* value = member(name);
  if (value == nullptr) {
    if (required) null_violation(name);
    return std::nullopt;
  }
  if (!value->is_number_integer()) {
    findings_->wrongTypes.push_back(path(name) + " must be an integer");
    return std::nullopt;
  }
  const long long n = value->get<long long>();
  const std::string at = "Value '" + std::to_string(n) + "' at '" + path(name) + "'";
  if (n < min) {
    violation(at +
              " failed to satisfy constraint: Member must have value greater than or equal "
              "to " +
              std::to_string(min));
    return std::nullopt;
  }
  if (n > max) {
    violation(at + " failed to satisfy constraint: Member must have value less than or equal to " +
              std::to_string(max));
    return std::nullopt;
  }
  return n;
}

std::optional<bool> InputReader::boolean(std::string_view name) {
  const nlohmann::json* value = member(name);
  if (value == nullptr) return std::nullopt;
  if (!value->is_boolean()) {
    findings_->wrongTypes.push_back(path(name) + " must be a boolean");
    return std::nullopt;
  }
  return value->get<bool>();
}

std::optional<InputReader> InputReader::object(std::string_view name, bool required) {
  const nlohmann::json* value = member(name);
  if (value == nullptr) {
    if (required) null_violation(name);
    return std::nullopt;
  }
  if (!value->is_object()) {
    findings_->wrongTypes.push_back(path(name) + " must be an object");
    return std::nullopt;
  }
  return InputReader(*value, path(name), findings_);
}

const nlohmann::json* InputReader::list(std::string_view name, std::size_t minItems,
                                        std::size_t maxItems, bool required) {
  const nlohmann::json* value = member(name);
  if (value == nullptr) {
    if (required) null_violation(name);
    return nullptr;
  }
  if (!value->is_array()) {
    findings_->wrongTypes.push_back(path(name) + " must be a list");
    return nullptr;
  }
  const std::string at = "Value at '" + path(name) + "'";
  if (value->size() < minItems) {
    violation(at +
              " failed to satisfy constraint: Member must have length greater than or "
              "equal to " +
              std::to_string(minItems));
  }
  if (value->size() > maxItems) {
    violation(at +
              " failed to satisfy constraint: Member must have length less than or equal "
              "to " +
              std::to_string(maxItems));
    return nullptr;
  }
  return value;
}

InputReader InputReader::element(const nlohmann::json& item, std::string_view name,
                                 std::size_t index) {
  const std::string at = path(name) + "." + std::to_string(index + 1);
  if (!item.is_object()) findings_->wrongTypes.push_back(at + " must be an object");
  return InputReader(item, at, findings_);
}

std::optional<AwsError> InputReader::error() const {
  if (!findings_->wrongTypes.empty()) {
    std::string message;
    for (const std::string& w : findings_->wrongTypes) message += (message.empty() ? "" : "; ") + w;
    return AwsError{"SerializationException", message};
  }
  if (!findings_->violations.empty()) {
    return AwsError{"ValidationException", validation_message(findings_->violations)};
  }
  return std::nullopt;
}

}  // namespace lockstep::server::aws_api

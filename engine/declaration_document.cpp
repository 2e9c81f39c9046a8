// Text → node tree for pipeline declarations, with JSON-specific syntax checking.
#include "engine/declaration_document.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <iterator>

#include <nlohmann/json.hpp>

namespace lockstep::engine {
namespace {

// Deeper nesting than any valid declaration needs (pipeline → stages → actions → ... is < 12);
// the limit stops hostile input from exhausting the stack later on.
constexpr std::size_t kMaxJsonDepth = 64;

int line_at(std::string_view text, std::size_t byte_offset) {
  byte_offset = std::min(byte_offset, text.size());
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + byte_offset, '\n'));
}

// Checks JSON syntax without building a DOM; only the first error matters.
class SyntaxCheck : public nlohmann::json_sax<nlohmann::json> {
 public:
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return enter(); }
  bool key(string_t&) override { return true; }
  bool end_object() override { return leave(); }
  bool start_array(std::size_t) override { return enter(); }
  bool end_array() override { return leave(); }
  bool parse_error(std::size_t position, const std::string&,
                   const nlohmann::detail::exception& error) override {
    position_ = position;
    message_ = error.what();
    // Drop nlohmann's "[json.exception.parse_error.101] " prefix: users need the sentence only.
    if (auto close = message_.find("] "); message_.starts_with("[json.") && close != npos) {
      message_.erase(0, close + 2);
    }
    return false;
  }

  bool too_deep() const { return too_deep_; }
  std::size_t position() const { return position_; }
  const std::string& message() const { return message_; }

 private:
  static constexpr std::size_t npos = std::string::npos;
  bool enter() {
    if (++depth_ > kMaxJsonDepth) too_deep_ = true;
    return !too_deep_;
  }
  bool leave() {
    --depth_;
    return true;
  }
  std::size_t depth_ = 0;
  bool too_deep_ = false;
  std::size_t position_ = 0;
  std::string message_;
};

// Valid JSON that yaml-cpp would still refuse: tab characters between tokens (YAML forbids tabs
// in some places; in valid JSON a raw tab can only be whitespace) and \uD83D\uDE00-style
// surrogate pairs (yaml-cpp rejects each half). Both are rewritten without moving any newline.
std::string adapt_json_for_yaml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool in_string = false;
  auto hex4 = [&](std::size_t at) -> std::optional<std::uint32_t> {
    if (at + 4 > text.size()) return std::nullopt;
    std::uint32_t value = 0;
    for (std::size_t i = at; i < at + 4; ++i) {
      const char c = text[i];
      value <<= 4;
      if (c >= '0' && c <= '9')
        value |= static_cast<std::uint32_t>(c - '0');
      else if (c >= 'a' && c <= 'f')
        value |= static_cast<std::uint32_t>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F')
        value |= static_cast<std::uint32_t>(c - 'A' + 10);
      else
        return std::nullopt;
    }
    return value;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (!in_string) {
      out.push_back(c == '\t' ? ' ' : c);
      if (c == '"') in_string = true;
      continue;
    }
    if (c == '"') {
      in_string = false;
      out.push_back(c);
      continue;
    }
    if (c != '\\' || i + 1 >= text.size()) {
      out.push_back(c);
      continue;
    }
    if (text[i + 1] == 'u' && i + 11 < text.size() && text[i + 6] == '\\' && text[i + 7] == 'u') {
      auto high = hex4(i + 2);
      auto low = hex4(i + 8);
      if (high && low && *high >= 0xD800 && *high <= 0xDBFF && *low >= 0xDC00 && *low <= 0xDFFF) {
        const std::uint32_t cp = 0x10000 + ((*high - 0xD800) << 10) + (*low - 0xDC00);
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        i += 11;
        continue;
      }
    }
    out.push_back(c);  // keep the escape pair as it is
    out.push_back(text[++i]);
  }
  return out;
}

bool looks_like_json(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  const auto first = text.find_first_not_of(" \t\r\n");
  return first != std::string_view::npos && text[first] == '{';
}

Problem syntax_problem(std::string message, int line) {
  return Problem{"pipeline", std::move(message), exception::kValidation, line};
}

}  // namespace

SourceMap::SourceMap(YAML::Node declaration, int declaration_line)
    : declaration_(std::move(declaration)), declaration_line_(declaration_line) {}

int SourceMap::line_of(std::string_view path) const {
  constexpr std::string_view kRoot = "pipeline";
  if (!path.starts_with(kRoot)) return 0;
  path.remove_prefix(kRoot.size());
  YAML::Node node = declaration_;
  int line = declaration_line_;
  auto line_at_mark = [](const YAML::Node& n, int fallback) {
    const YAML::Mark mark = n.Mark();
    return mark.is_null() ? fallback : mark.line + 1;
  };
  while (!path.empty()) {
    if (path.front() == '[') {
      const auto close = path.find(']');
      if (close == std::string_view::npos || !node.IsSequence()) break;
      std::size_t index = 0;
      const auto digits = path.substr(1, close - 1);
      if (std::from_chars(digits.data(), digits.data() + digits.size(), index).ec != std::errc() ||
          index >= node.size()) {
        break;
      }
      auto it = node.begin();
      std::advance(it, static_cast<std::ptrdiff_t>(index));
      node.reset(*it);
      line = line_at_mark(node, line);
      path.remove_prefix(close + 1);
    } else if (path.front() == '.') {
      path.remove_prefix(1);
      const auto end = path.find_first_of(".[");
      const std::string_view name = path.substr(0, end);
      if (!node.IsMap()) break;
      bool found = false;
      for (auto it = node.begin(); it != node.end(); ++it) {
        if (it->first.IsScalar() && it->first.Scalar() == name) {
          line = line_at_mark(it->first, line);  // the key's line: where the member is written
          node.reset(it->second);
          found = true;
          break;
        }
      }
      if (!found) break;
      path.remove_prefix(name.size());
    } else {
      break;
    }
  }
  return line;
}

LoadedDocument load_declaration_document(std::string_view text, DocumentFormat format) {
  LoadedDocument doc;
  doc.json =
      format == DocumentFormat::Json || (format == DocumentFormat::Auto && looks_like_json(text));
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    doc.syntax_error = syntax_problem("the pipeline declaration is empty", 1);
    return doc;
  }
  std::string yaml_text;
  if (doc.json) {
    SyntaxCheck check;
    const bool ok = nlohmann::json::sax_parse(text.begin(), text.end(), &check);
    if (check.too_deep()) {
      doc.syntax_error = syntax_problem(
          "malformed JSON: nesting deeper than " + std::to_string(kMaxJsonDepth) + " levels", 1);
      return doc;
    }
    if (!ok) {
      // nlohmann reports the 1-based position of the offending character.
      const std::size_t at = check.position() > 0 ? check.position() - 1 : 0;
      doc.syntax_error = syntax_problem("malformed JSON: " + check.message(), line_at(text, at));
      return doc;
    }
    // Most JSON needs no adapting; skip the copy then.
    if (text.find('\t') != std::string_view::npos || text.find("\\u") != std::string_view::npos) {
      yaml_text = adapt_json_for_yaml(text);
    } else {
      yaml_text.assign(text);
    }
  } else {
    yaml_text.assign(text);
  }
  try {
    doc.root = YAML::Load(yaml_text);
  } catch (const YAML::ParserException& error) {
    const int line = error.mark.is_null() ? 0 : error.mark.line + 1;
    doc.syntax_error = syntax_problem(
        std::string(doc.json ? "JSON that could not be read: " : "malformed YAML: ") + error.msg,
        line);
  }
  return doc;
}

}  // namespace lockstep::engine

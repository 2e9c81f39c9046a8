// JSON string escaping with UTF-8 validation (RFC 8259 section 7, RFC 3629 section 4).
#include "storage/json_writer.hpp"

#include <array>

namespace lockstep::storage {

namespace {

bool continuation(unsigned char c) {
  return (c & 0xc0) == 0x80;
}

// The length of the valid UTF-8 sequence starting at text[i] (a byte >= 0x80), or 0 when it is
// not one: overlong forms, surrogates and code points above U+10FFFF are invalid too, as they are
// for every strict JSON parser, nlohmann's included.
std::size_t utf8_length(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) {
    return i + k < text.size() ? static_cast<unsigned char>(text[i + k]) : 0;
  };
  const unsigned char c = byte(0);
  if (c >= 0xc2 && c <= 0xdf) return continuation(byte(1)) ? 2 : 0;
  if (c >= 0xe0 && c <= 0xef) {
    const unsigned char c1 = byte(1);
    const bool ok = c == 0xe0   ? c1 >= 0xa0 && c1 <= 0xbf
                    : c == 0xed ? c1 >= 0x80 && c1 <= 0x9f
                                : continuation(c1);
    return ok && continuation(byte(2)) ? 3 : 0;
  }
  if (c >= 0xf0 && c <= 0xf4) {
    const unsigned char c1 = byte(1);
    const bool ok = c == 0xf0   ? c1 >= 0x90 && c1 <= 0xbf
                    : c == 0xf4 ? c1 >= 0x80 && c1 <= 0x8f
                                : continuation(c1);
    return ok && continuation(byte(2)) && continuation(byte(3)) ? 4 : 0;
  }
  return 0;
}

// ASCII that a JSON string holds as it is: one table look-up per byte on the common path.
constexpr auto kCopiedAsIs = [] {
  std::array<bool, 256> table{};
  for (int c = 0x20; c < 0x80; ++c) table[c] = c != '"' && c != '\\';
  return table;
}();

}  // namespace

void append_json_string(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  std::size_t plain = 0;  // start of the run of bytes copied as they are
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (kCopiedAsIs[c]) {
      ++i;
      continue;
    }
    if (c >= 0x80) {
      if (const std::size_t length = utf8_length(text, i); length > 0) {
        i += length;
        continue;
      }
    }
    out.append(text.data() + plain, i - plain);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default:
        if (c < 0x20) {
          out += "\\u00";
          out += kHex[c >> 4];
          out += kHex[c & 0xf];
        } else {
          out += "\xef\xbf\xbd";  // U+FFFD REPLACEMENT CHARACTER
        }
    }
    plain = ++i;
  }
  out.append(text.data() + plain, text.size() - plain);
  out += '"';
}

void JsonWriter::key(std::string_view name) {
  separate();
  append_json_string(out_, name);
  out_ += ':';
  need_comma_ = false;
}

void JsonWriter::string(std::string_view text) {
  separate();
  append_json_string(out_, text);
  need_comma_ = true;
}

void JsonWriter::boolean(bool value) {
  separate();
  out_ += value ? "true" : "false";
  need_comma_ = true;
}

void JsonWriter::null() {
  separate();
  out_ += "null";
  need_comma_ = true;
}

}  // namespace lockstep::storage

// Compact JSON text appended straight to a string, for the documents commit() writes.
#pragma once

#include <charconv>
#include <concepts>
#include <cstdint>
#include <string>
#include <string_view>

namespace lockstep::storage {

// commit() serializes every changed execution on the orchestrator's hot path, and building a
// nlohmann::json tree first costs several times more than the text itself.
// Writes values in call order and puts the commas in; the caller keeps objects and arrays
// balanced. Text that is not valid UTF-8 is written with U+FFFD in place of each invalid byte, so
// a stray byte in an executor's summary can never make a document unreadable.
class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}

  void begin_object() { open('{'); }
  void end_object() { close('}'); }
  void begin_array() { open('['); }
  void end_array() { close(']'); }

  // A member name; the next call writes its value.
  void key(std::string_view name);
  // A member name that needs no escaping: the documents' own names, plain ASCII letters.
  void plain_key(std::string_view name) {
    separate();
    out_ += '"';
    out_ += name;
    out_ += "\":";
    need_comma_ = false;
  }

  void string(std::string_view text);
  void boolean(bool value);
  void null();
  template <std::integral T>
  void number(T value) {
    separate();
    char buffer[24];
    const auto end = std::to_chars(buffer, buffer + sizeof buffer, value).ptr;
    out_.append(buffer, end);
    need_comma_ = true;
  }

 private:
  void separate() {
    if (need_comma_) out_ += ',';
  }
  void open(char bracket) {
    separate();
    out_ += bracket;
    need_comma_ = false;
  }
  void close(char bracket) {
    out_ += bracket;
    need_comma_ = true;
  }

  std::string& out_;
  bool need_comma_ = false;
};

// `text` as a JSON string literal, quotes included, appended to `out`.
void append_json_string(std::string& out, std::string_view text);

}  // namespace lockstep::storage

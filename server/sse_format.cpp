#include "server/sse_format.hpp"

namespace lockstep::server {

std::string sse_event(std::string_view name, std::string_view id, std::string_view data) {
  std::string text;
  text.reserve(data.size() + 32);
  if (!id.empty()) text.append("id: ").append(id).append("\n");
  if (!name.empty()) text.append("event: ").append(name).append("\n");
  for (;;) {
    const auto newline = data.find('\n');
    const std::string_view line = data.substr(0, newline);
    text.append("data: ");
    for (const char c : line) {
      if (c != '\r') text.push_back(c);
    }
    text.push_back('\n');
    if (newline == std::string_view::npos) break;
    data.remove_prefix(newline + 1);
  }
  text.push_back('\n');
  return text;
}

std::string sse_comment(std::string_view text) {
  std::string comment(": ");
  for (const char c : text) {
    if (c != '\r' && c != '\n') comment.push_back(c);
  }
  return comment + "\n\n";
}

std::string LogEventFramer::feed(std::string_view bytes) {
  const auto last_newline = bytes.rfind('\n');
  if (last_newline == std::string_view::npos) {
    held_.append(bytes);
    return {};
  }
  held_.append(bytes.substr(0, last_newline));  // the lines, without the final newline
  const std::uint64_t end = offset_ + held_.size() + 1;
  std::string event = sse_event("log", std::to_string(end), held_);
  held_.assign(bytes.substr(last_newline + 1));
  offset_ = end;
  return event;
}

std::string LogEventFramer::flush() {
  if (held_.empty()) return {};
  const std::uint64_t end = offset_ + held_.size();
  std::string event = sse_event("log", std::to_string(end), held_);
  held_.clear();
  offset_ = end;
  return event;
}

}  // namespace lockstep::server

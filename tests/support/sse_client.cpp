#include "tests/support/sse_client.hpp"

#include <stdexcept>

namespace lockstep::testing {

SseClient::SseClient(std::uint16_t port, const std::string& target,
                     const std::map<std::string, std::string>& headers, int receive_buffer)
    : connection_("127.0.0.1", port, receive_buffer) {
  std::string request = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  request += "Accept: text/event-stream\r\n";
  for (const auto& [name, value] : headers) request += name + ": " + value + "\r\n";
  request += "\r\n";
  connection_.send_raw(request);
  head_ = connection_.read_response();
  chunked_ = head_.header("transfer-encoding") == "chunked";
  raw_ = connection_.take_received();
}

bool SseClient::decode_more(int seconds) {
  for (;;) {
    if (!chunked_) {
      if (!raw_.empty()) {
        text_ += raw_;
        raw_.clear();
        return true;
      }
    } else if (!last_chunk_seen_) {
      const auto line_end = raw_.find("\r\n");
      if (line_end != std::string::npos) {
        const std::size_t size = std::stoul(raw_.substr(0, line_end), nullptr, 16);
        if (size == 0) {
          last_chunk_seen_ = true;
          return false;
        }
        if (raw_.size() >= line_end + 2 + size + 2) {
          text_ += raw_.substr(line_end + 2, size);
          raw_.erase(0, line_end + 2 + size + 2);
          return true;
        }
      }
    }
    if (last_chunk_seen_ || closed_) return false;
    if (!connection_.receive(seconds)) {
      closed_ = true;
      continue;  // whatever arrived last is still decoded
    }
    raw_ += connection_.take_received();
  }
}

std::optional<SseEvent> SseClient::next(int seconds) {
  for (;;) {
    const auto block_end = text_.find("\n\n");
    if (block_end != std::string::npos) {
      const std::string block = text_.substr(0, block_end + 1);
      text_.erase(0, block_end + 2);
      SseEvent event;
      bool has_data = false;
      std::size_t position = 0;
      while (position < block.size()) {
        const auto end = block.find('\n', position);
        const std::string line = block.substr(position, end - position);
        position = end + 1;
        if (line.starts_with(":")) {
          event.comment = line.size() > 2 ? line.substr(2) : " ";
          continue;
        }
        const auto colon = line.find(':');
        const std::string field = line.substr(0, colon);
        std::string value = colon == std::string::npos ? "" : line.substr(colon + 1);
        if (value.starts_with(" ")) value.erase(0, 1);
        if (field == "id") event.id = value;
        if (field == "event") event.event = value;
        if (field == "data") {
          event.data += (has_data ? "\n" : "") + value;
          has_data = true;
        }
      }
      return event;
    }
    if (!decode_more(seconds)) return std::nullopt;
  }
}

std::optional<SseEvent> SseClient::next_event(int seconds) {
  for (;;) {
    auto event = next(seconds);
    if (!event || !event->is_comment()) return event;
  }
}

std::size_t SseClient::drain(int seconds) {
  std::size_t bytes = raw_.size();
  raw_.clear();
  while (!closed_) {
    if (!connection_.receive(seconds)) break;
    bytes += connection_.take_received().size();
  }
  closed_ = true;
  return bytes;
}

}  // namespace lockstep::testing

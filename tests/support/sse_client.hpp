// A Server-Sent Events client for tests: sends a GET, reads the response head, then decodes the
// chunked body into events and comments as they arrive.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "tests/support/http_client.hpp"

namespace lockstep::testing {

struct SseEvent {
  std::string id;
  std::string event;    // the `event:` field; empty for unnamed events and for comments
  std::string data;     // data fields joined by "\n", as a browser joins them
  std::string comment;  // set for a ": comment" block instead of an event
  bool is_comment() const { return !comment.empty(); }
};

class SseClient {
 public:
  // GET `target` with the extra `headers`; reads the head of the answer. `receive_buffer` as in
  // HttpConnection.
  SseClient(std::uint16_t port, const std::string& target,
            const std::map<std::string, std::string>& headers = {}, int receive_buffer = 0);

  const HttpResult& head() const { return head_; }

  // The next event or comment; nothing when the stream ended. Throws after `seconds` of silence.
  std::optional<SseEvent> next(int seconds = 10);
  // The next event that is not a comment; nothing when the stream ended.
  std::optional<SseEvent> next_event(int seconds = 10);
  // True when the body ended with its last chunk, false when the connection just closed.
  bool ended_cleanly() const { return last_chunk_seen_; }
  // Reads on until the connection closes; the raw body bytes that arrived meanwhile.
  std::size_t drain(int seconds = 10);
  void disconnect() { connection_.disconnect(); }

 private:
  bool decode_more(int seconds);  // more body text in text_; false at end

  HttpConnection connection_;
  HttpResult head_;
  bool chunked_ = false;
  std::string raw_;   // received, not yet de-chunked
  std::string text_;  // body text not yet parsed into events
  bool last_chunk_seen_ = false;
  bool closed_ = false;
};

}  // namespace lockstep::testing

// Server-Sent Events framing (the WHATWG text/event-stream format): events, comments, and an
// action log cut into whole-line events whose ids are byte offsets into the log.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace lockstep::server {

// "id: ID\nevent: NAME\ndata: LINE\n...\n\n"; id and event are left out when empty. Every line of
// `data` becomes one data field (a client joins them with "\n" again); carriage returns are
// dropped, since the format would read them as line ends.
std::string sse_event(std::string_view name, std::string_view id, std::string_view data);
// ": TEXT\n\n": ignored by clients, keeps proxies from closing an idle stream.
std::string sse_comment(std::string_view text);

// Cuts a log into `log` events of whole lines. Each event's id is the log offset just past its
// last byte, so a client that reconnects with Last-Event-ID N resumes exactly at byte N.
class LogEventFramer {
 public:
  // `offset`: where in the log the first byte fed starts.
  explicit LogEventFramer(std::uint64_t offset) : offset_(offset) {}

  // The events for the complete lines now known; a partial last line is held back.
  std::string feed(std::string_view bytes);
  // The held partial line as a last event (the log has ended); empty when nothing is held.
  std::string flush();
  // The offset of the next byte to be fed.
  std::uint64_t offset() const { return offset_ + held_.size(); }

 private:
  std::uint64_t offset_;  // of the first byte held
  std::string held_;
};

}  // namespace lockstep::server

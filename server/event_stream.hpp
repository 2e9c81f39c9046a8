// A response that stays open and is written piece by piece (Server-Sent Events): what a streaming
// route's handler sends, bounded so that a client that reads slowly cannot grow memory.
#pragma once

#include <cstddef>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>

namespace lockstep::server {

class EventStream {
 public:
  // `wake` asks the session to write what is queued (it posts to the session's strand).
  EventStream(std::size_t max_queued_bytes, std::function<void()> wake);
  EventStream(const EventStream&) = delete;
  EventStream& operator=(const EventStream&) = delete;

  // --- For the handler; every call is thread-safe and returns at once. ---

  // Queues bytes for the client. False when the stream has ended or is closing (the bytes are
  // dropped). When the bytes not yet written would exceed the cap, the client is too slow: the
  // stream ends and its connection closes.
  bool send(std::string_view bytes);
  // Ends the response once what is queued has been written.
  void close();
  // Runs once when the stream ends for any reason: close() done, the client went away or fell
  // behind, the server shuts down. Runs at once when the stream already ended. Must not block.
  void on_end(std::function<void()> callback);
  bool ended() const;
  // The client fell behind the cap; the session drops the connection.
  bool overflowed() const;
  // Runs once, on the session's strand, when everything sent so far has been written (at once
  // when nothing is pending): lets a handler pace a long replay instead of queueing all of it.
  // Never runs once the stream has ended.
  void when_drained(std::function<void()> callback);

  // --- For the session, on its strand. ---

  struct Batch {
    std::string bytes;    // write these next (may be empty)
    bool finish = false;  // nothing left and close() was called: end the response cleanly
    bool abort = false;   // the client fell behind the cap: drop the connection
  };
  Batch take();
  // A write of `bytes` taken earlier has completed.
  void written(std::size_t bytes);
  // The stream is over (any reason): later sends fail and the on_end callback runs.
  void end();

 private:
  const std::size_t max_queued_bytes_;
  const std::function<void()> wake_;
  mutable std::mutex mutex_;
  std::string queue_;
  std::size_t unwritten_ = 0;  // queued plus being written
  bool closing_ = false;
  bool overflowed_ = false;
  bool ended_ = false;
  std::function<void()> on_end_;
  std::function<void()> on_drained_;
};

}  // namespace lockstep::server

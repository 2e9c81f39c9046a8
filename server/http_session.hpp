// One HTTP connection, plain or TLS: reads requests with limits and a timeout, answers them via
// the router (a response, or a stream that holds the connection until it ends), keeps the
// connection alive between requests, and stops cleanly when the server shuts down.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>

#include <array>
#include <chrono>
#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "server/router.hpp"

namespace lockstep::server {

struct HttpLimits {
  std::size_t header_bytes = 8 * 1024;
  // Body limits are the routes' own (RouteOptions::body_limit), known once the header is read.
  // A client silent this long while we wait for (or send) a request is dropped, so a stalled
  // peer cannot hold a connection forever.
  std::chrono::seconds idle_timeout{30};
  // On shutdown, a response still being written gets this long before its connection closes.
  std::chrono::seconds shutdown_grace{5};
  // A TLS client has this long to complete its handshake.
  std::chrono::seconds handshake_timeout{10};
  // Bytes of a stream (Server-Sent Events) queued for a client that reads slower than events
  // come; past this the stream ends and its connection closes.
  std::size_t stream_queue_bytes = 1024 * 1024;
};

class HttpSession;

// The live sessions, so that a shutdown can reach each one. Shared with the sessions because
// handlers destroyed with the io_context may outlive the listener.
class SessionRegistry {
 public:
  // False once shutdown has begun: the caller then drops the connection instead of serving it.
  bool add(const std::shared_ptr<HttpSession>& session);
  void remove(const HttpSession* session);
  // Asks every session to finish; later add() calls fail.
  void shut_down_all();

 private:
  std::mutex mutex_;
  bool shutting_down_ = false;
  std::map<const HttpSession*, std::weak_ptr<HttpSession>> sessions_;
};

class HttpSession : public std::enable_shared_from_this<HttpSession> {
 public:
  // `socket` must use a strand: all of the session's work runs on it. With `tls`, the connection
  // speaks HTTPS only: it starts with a handshake.
  HttpSession(boost::asio::ip::tcp::socket socket, const Router& router, HttpLimits limits,
              std::shared_ptr<SessionRegistry> registry, boost::asio::ssl::context* tls = nullptr);
  ~HttpSession();
  HttpSession(const HttpSession&) = delete;
  HttpSession& operator=(const HttpSession&) = delete;

  void start();
  // Thread-safe. An idle connection closes now; one mid-request finishes its response first; a
  // stream ends after what is queued has been written.
  void shut_down();

 private:
  using TlsStream = boost::asio::ssl::stream<boost::beast::tcp_stream&>;
  // Calls `operation` with the stream requests travel on: the TLS layer or the plain one.
  template <class Operation>
  void with_stream(Operation&& operation) {
    if (tls_) {
      operation(*tls_);
    } else {
      operation(stream_);
    }
  }
  void read_request();
  void on_header(boost::beast::error_code error);
  void on_read(boost::beast::error_code error, std::size_t bytes);
  // The HTTP error a failed read deserves, or nothing when the connection just ended.
  bool refuse_failed_read(boost::beast::error_code error);
  // What follows a response: the next request, a close, or a close after draining what the
  // client is still sending (for a request refused before it was read in full).
  enum class Then { NextRequest, Close, DrainAndClose };
  void send(HttpResponse response, Then then);
  void on_write(boost::beast::error_code error, Then then);
  void drain();
  void close();
  // Streams: the header goes first, then whatever the handler queues, as chunks.
  std::shared_ptr<EventStream> open_stream(HttpResponse head, unsigned version);
  void start_stream(std::shared_ptr<EventStream> stream, HttpResponse head, unsigned version);
  void watch_client();  // a read that completes when the client goes away
  void write_stream();
  void end_stream();

  boost::beast::tcp_stream stream_;
  std::optional<TlsStream> tls_;
  boost::beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::optional<HttpResponse> response_;  // kept alive until its write completes
  std::optional<http::response_serializer<http::string_body>> stream_head_;
  std::shared_ptr<EventStream> event_stream_;  // while the connection carries a stream
  std::string stream_chunk_;                   // being written
  bool stream_writing_ = false;
  const Router& router_;
  HttpLimits limits_;
  std::shared_ptr<SessionRegistry> registry_;
  std::array<char, 4096> discard_{};
  std::size_t body_limit_ = 0;  // of the request being read
  bool waiting_for_request_ = false;
  bool draining_ = false;
  bool shutting_down_ = false;
};

}  // namespace lockstep::server

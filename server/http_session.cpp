#include "server/http_session.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include <spdlog/spdlog.h>

#include <cstdio>
#include <vector>

#include "lockstep/version.hpp"
#include "server/json_response.hpp"

namespace lockstep::server {

namespace beast = boost::beast;

bool SessionRegistry::add(const std::shared_ptr<HttpSession>& session) {
  std::lock_guard lock(mutex_);
  if (shutting_down_) return false;
  sessions_.emplace(session.get(), session);
  return true;
}

void SessionRegistry::remove(const HttpSession* session) {
  std::lock_guard lock(mutex_);
  sessions_.erase(session);
}

void SessionRegistry::shut_down_all() {
  std::vector<std::shared_ptr<HttpSession>> live;
  {
    std::lock_guard lock(mutex_);
    shutting_down_ = true;
    for (const auto& [key, weak] : sessions_) {
      if (auto session = weak.lock()) live.push_back(std::move(session));
    }
  }
  // Outside the lock: a session that ends inside shut_down() removes itself.
  for (const auto& session : live) session->shut_down();
}

HttpSession::HttpSession(boost::asio::ip::tcp::socket socket, const Router& router,
                         HttpLimits limits, std::shared_ptr<SessionRegistry> registry,
                         boost::asio::ssl::context* tls)
    : stream_(std::move(socket)), router_(router), limits_(limits), registry_(std::move(registry)) {
  if (tls) tls_.emplace(stream_, *tls);
}

HttpSession::~HttpSession() {
  // Only when the io_context is destroyed with the stream open: its handler still hears of it.
  if (event_stream_) event_stream_->end();
  registry_->remove(this);
}

void HttpSession::start() {
  boost::asio::dispatch(stream_.get_executor(), [self = shared_from_this()] {
    if (!self->tls_) return self->read_request();
    self->waiting_for_request_ = true;  // a shutdown closes a connection still shaking hands
    self->stream_.expires_after(self->limits_.handshake_timeout);
    self->tls_->async_handshake(boost::asio::ssl::stream_base::server,
                                [self](beast::error_code error) {
                                  self->waiting_for_request_ = false;
                                  if (error) {
                                    // Plain HTTP sent to the TLS port ends here, as do scanners.
                                    spdlog::debug("TLS handshake failed: {}", error.message());
                                    return self->close();
                                  }
                                  self->read_request();
                                });
  });
}

void HttpSession::shut_down() {
  boost::asio::dispatch(stream_.get_executor(), [self = shared_from_this()] {
    self->shutting_down_ = true;
    if (self->event_stream_) {
      // Open streams end instead of holding the shutdown: what is queued goes out first.
      self->stream_.expires_after(self->limits_.shutdown_grace);
      self->event_stream_->close();
    } else if (self->waiting_for_request_ || self->draining_) {
      self->close();  // the pending read completes with an error and the session ends
    } else {
      self->stream_.expires_after(self->limits_.shutdown_grace);
    }
  });
}

void HttpSession::read_request() {
  if (shutting_down_) return close();
  parser_.emplace();
  parser_->header_limit(static_cast<std::uint32_t>(limits_.header_bytes));
  // No limit until the route is known: on_header applies the route's own.
  parser_->body_limit(boost::none);
  waiting_for_request_ = true;
  stream_.expires_after(limits_.idle_timeout);
  with_stream([this](auto& next_layer) {
    http::async_read_header(next_layer, buffer_, *parser_,
                            [self = shared_from_this()](beast::error_code error, std::size_t) {
                              self->on_header(error);
                            });
  });
}

void HttpSession::on_header(beast::error_code error) {
  if (error) {
    waiting_for_request_ = false;
    if (!refuse_failed_read(error)) close();
    return;
  }
  // The route is known from the header: its limit applies before any of the body is buffered.
  const auto& header = parser_->get();
  body_limit_ = router_.body_limit(header.method(), header.target());
  // The parser checks a declared length only while reading the header, so that check is made
  // here; the limit set below still bounds a chunked body as it arrives.
  const auto declared = parser_->content_length();
  if (declared && *declared > body_limit_) {
    refuse_failed_read(http::error::body_limit);
    return;
  }
  parser_->body_limit(body_limit_);
  with_stream([this](auto& next_layer) {
    http::async_read(next_layer, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code read_error, std::size_t bytes) {
                       self->on_read(read_error, bytes);
                     });
  });
}

bool HttpSession::refuse_failed_read(beast::error_code error) {
  if (error == http::error::end_of_stream || error == beast::error::timeout ||
      error == boost::asio::error::operation_aborted || shutting_down_) {
    return false;
  }
  if (error == http::error::header_limit) {
    send(error_response(
             http::status::request_header_fields_too_large,
             "The request headers exceed " + std::to_string(limits_.header_bytes / 1024) + " KiB."),
         Then::DrainAndClose);
    return true;
  }
  if (error == http::error::body_limit) {
    const std::string limit = body_limit_ >= 1024 * 1024
                                  ? std::to_string(body_limit_ / (1024 * 1024)) + " MiB"
                                  : std::to_string(body_limit_ / 1024) + " KiB";
    send(error_response(http::status::payload_too_large, "The request body exceeds " + limit + "."),
         Then::DrainAndClose);
    return true;
  }
  if (error.category() == http::make_error_code(http::error::bad_method).category()) {
    send(error_response(http::status::bad_request,
                        "The request is not valid HTTP/1.1: " + error.message() + "."),
         Then::DrainAndClose);
    return true;
  }
  // The connection failed (reset, ...): there is no one left to answer.
  spdlog::debug("closing connection: {}", error.message());
  return false;
}

void HttpSession::on_read(beast::error_code error, std::size_t) {
  waiting_for_request_ = false;
  if (error) {
    if (!refuse_failed_read(error)) close();
    return;
  }
  const HttpRequest& request = parser_->get();
  const unsigned version = request.version();
  const Then then = request.keep_alive() ? Then::NextRequest : Then::Close;
  // The answer may come from another thread (after the engine committed): back to our strand.
  router_.dispatch(
      request,
      [self = shared_from_this(), version, then](HttpResponse response) {
        boost::asio::dispatch(self->stream_.get_executor(),
                              [self, version, then, response = std::move(response)]() mutable {
                                response.version(version);
                                self->send(std::move(response), then);
                              });
      },
      [self = shared_from_this(), version](HttpResponse head) {
        return self->open_stream(std::move(head), version);
      });
}

void HttpSession::send(HttpResponse response, Then then) {
  if (then == Then::NextRequest && shutting_down_) then = Then::Close;
  response.keep_alive(then == Then::NextRequest);
  response.set(http::field::server, std::string("lockstep/") + kVersion);
  response.prepare_payload();
  response_ = std::move(response);
  stream_.expires_after(shutting_down_ ? limits_.shutdown_grace : limits_.idle_timeout);
  with_stream([this, then](auto& next_layer) {
    http::async_write(next_layer, *response_,
                      [self = shared_from_this(), then](beast::error_code error, std::size_t) {
                        self->on_write(error, then);
                      });
  });
}

void HttpSession::on_write(beast::error_code error, Then then) {
  response_.reset();
  if (error || then == Then::Close) return close();
  if (then == Then::DrainAndClose && !shutting_down_) {
    // Closing with unread request bytes makes the kernel send a reset, which can destroy the
    // response before the client reads it. So: end our side, read until the client ends its.
    beast::error_code ignored;
    stream_.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_send, ignored);
    stream_.expires_after(limits_.shutdown_grace);
    draining_ = true;
    return drain();
  }
  if (then != Then::NextRequest || shutting_down_) return close();
  read_request();
}

void HttpSession::drain() {
  with_stream([this](auto& next_layer) {
    next_layer.async_read_some(boost::asio::buffer(discard_),
                               [self = shared_from_this()](beast::error_code error, std::size_t) {
                                 if (error || self->shutting_down_) return self->close();
                                 self->drain();
                               });
  });
}

std::shared_ptr<EventStream> HttpSession::open_stream(HttpResponse head, unsigned version) {
  std::weak_ptr<HttpSession> weak = shared_from_this();
  auto stream = std::make_shared<EventStream>(limits_.stream_queue_bytes, [weak] {
    if (auto self = weak.lock()) {
      boost::asio::post(self->stream_.get_executor(), [self] { self->write_stream(); });
    }
  });
  boost::asio::dispatch(stream_.get_executor(), [self = shared_from_this(), stream,
                                                 head = std::move(head), version]() mutable {
    self->start_stream(std::move(stream), std::move(head), version);
  });
  return stream;
}

void HttpSession::start_stream(std::shared_ptr<EventStream> stream, HttpResponse head,
                               unsigned version) {
  if (shutting_down_) {
    stream->end();
    return close();
  }
  event_stream_ = std::move(stream);
  head.version(version);
  // The stream owns the connection until it ends; its end is the end of the body.
  head.keep_alive(false);
  head.set(http::field::server, std::string("lockstep/") + kVersion);
  head.body().clear();
  head.chunked(version >= 11);
  response_ = std::move(head);
  stream_head_.emplace(*response_);
  stream_writing_ = true;
  stream_.expires_after(limits_.idle_timeout);
  with_stream([this](auto& next_layer) {
    http::async_write_header(next_layer, *stream_head_,
                             [self = shared_from_this()](beast::error_code error, std::size_t) {
                               self->stream_writing_ = false;
                               if (error) return self->end_stream();
                               if (!self->shutting_down_) self->stream_.expires_never();
                               self->watch_client();
                               self->write_stream();
                             });
  });
}

void HttpSession::watch_client() {
  with_stream([this](auto& next_layer) {
    next_layer.async_read_some(boost::asio::buffer(discard_),
                               [self = shared_from_this()](beast::error_code error, std::size_t) {
                                 if (!self->event_stream_) return;
                                 // A stream's client only listens: an end or error means it is
                                 // gone.
                                 if (error) return self->end_stream();
                                 self->watch_client();
                               });
  });
}

void HttpSession::write_stream() {
  if (!event_stream_) return;
  // Checked even while a write is pending: that write may never finish for a stalled client.
  if (event_stream_->overflowed()) {
    spdlog::info("closing a stream whose client reads slower than events come");
    return end_stream();
  }
  if (stream_writing_) return;
  EventStream::Batch batch = event_stream_->take();
  if (batch.abort) return end_stream();
  const bool chunked = response_ && response_->chunked();
  if (!batch.bytes.empty()) {
    const std::size_t size = batch.bytes.size();
    if (chunked) {
      char length[32];
      std::snprintf(length, sizeof length, "%zx\r\n", size);
      stream_chunk_ = length + std::move(batch.bytes) + "\r\n";
    } else {
      stream_chunk_ = std::move(batch.bytes);
    }
    stream_writing_ = true;
    stream_.expires_after(shutting_down_ ? limits_.shutdown_grace : limits_.idle_timeout);
    with_stream([this, size](auto& next_layer) {
      boost::asio::async_write(
          next_layer, boost::asio::buffer(stream_chunk_),
          [self = shared_from_this(), size](beast::error_code error, std::size_t) {
            self->stream_writing_ = false;
            if (!self->event_stream_) return;
            self->event_stream_->written(size);
            if (error) return self->end_stream();
            if (!self->shutting_down_) self->stream_.expires_never();
            self->write_stream();
          });
    });
    return;
  }
  if (!batch.finish) return;
  if (!chunked) return end_stream();
  stream_chunk_ = "0\r\n\r\n";
  stream_writing_ = true;
  with_stream([this](auto& next_layer) {
    boost::asio::async_write(next_layer, boost::asio::buffer(stream_chunk_),
                             [self = shared_from_this()](beast::error_code, std::size_t) {
                               self->stream_writing_ = false;
                               self->end_stream();
                             });
  });
}

void HttpSession::end_stream() {
  if (auto stream = std::move(event_stream_)) {
    event_stream_.reset();
    stream->end();
  }
  close();
}

void HttpSession::close() {
  beast::error_code ignored;
  stream_.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
  stream_.close();  // also cancels the timeout timer
}

}  // namespace lockstep::server

#include "server/http_session.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include <spdlog/spdlog.h>

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
                         HttpLimits limits, std::shared_ptr<SessionRegistry> registry)
    : stream_(std::move(socket)),
      router_(router),
      limits_(limits),
      registry_(std::move(registry)) {}

HttpSession::~HttpSession() {
  registry_->remove(this);
}

void HttpSession::start() {
  boost::asio::dispatch(stream_.get_executor(),
                        [self = shared_from_this()] { self->read_request(); });
}

void HttpSession::shut_down() {
  boost::asio::dispatch(stream_.get_executor(), [self = shared_from_this()] {
    self->shutting_down_ = true;
    if (self->waiting_for_request_ || self->draining_) {
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
  http::async_read_header(stream_, buffer_, *parser_,
                          [self = shared_from_this()](beast::error_code error, std::size_t) {
                            self->on_header(error);
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
  http::async_read(stream_, buffer_, *parser_,
                   [self = shared_from_this()](beast::error_code read_error, std::size_t bytes) {
                     self->on_read(read_error, bytes);
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
  router_.dispatch(request, [self = shared_from_this(), version, then](HttpResponse response) {
    boost::asio::dispatch(self->stream_.get_executor(),
                          [self, version, then, response = std::move(response)]() mutable {
                            response.version(version);
                            self->send(std::move(response), then);
                          });
  });
}

void HttpSession::send(HttpResponse response, Then then) {
  if (then == Then::NextRequest && shutting_down_) then = Then::Close;
  response.keep_alive(then == Then::NextRequest);
  response.set(http::field::server, std::string("lockstep/") + kVersion);
  response.prepare_payload();
  response_ = std::move(response);
  stream_.expires_after(shutting_down_ ? limits_.shutdown_grace : limits_.idle_timeout);
  http::async_write(stream_, *response_,
                    [self = shared_from_this(), then](beast::error_code error, std::size_t) {
                      self->on_write(error, then);
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
  stream_.async_read_some(boost::asio::buffer(discard_),
                          [self = shared_from_this()](beast::error_code error, std::size_t) {
                            if (error || self->shutting_down_) return self->close();
                            self->drain();
                          });
}

void HttpSession::close() {
  beast::error_code ignored;
  stream_.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
  stream_.close();  // also cancels the timeout timer
}

}  // namespace lockstep::server

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
  parser_->body_limit(limits_.body_bytes);
  waiting_for_request_ = true;
  stream_.expires_after(limits_.idle_timeout);
  http::async_read(stream_, buffer_, *parser_,
                   [self = shared_from_this()](beast::error_code error, std::size_t bytes) {
                     self->on_read(error, bytes);
                   });
}

void HttpSession::on_read(beast::error_code error, std::size_t) {
  waiting_for_request_ = false;
  if (error == http::error::end_of_stream || error == beast::error::timeout ||
      error == boost::asio::error::operation_aborted || shutting_down_) {
    return close();
  }
  if (error == http::error::header_limit) {
    return send(error_response(http::status::request_header_fields_too_large,
                               "The request headers exceed " +
                                   std::to_string(limits_.header_bytes / 1024) + " KiB."),
                Then::DrainAndClose);
  }
  if (error == http::error::body_limit) {
    return send(error_response(http::status::payload_too_large,
                               "The request body exceeds " +
                                   std::to_string(limits_.body_bytes / 1024) + " KiB."),
                Then::DrainAndClose);
  }
  if (error && error.category() == http::make_error_code(http::error::bad_method).category()) {
    return send(error_response(http::status::bad_request,
                               "The request is not valid HTTP/1.1: " + error.message() + "."),
                Then::DrainAndClose);
  }
  if (error) {
    // The connection failed (reset, ...): there is no one left to answer.
    spdlog::debug("closing connection: {}", error.message());
    return close();
  }
  const HttpRequest& request = parser_->get();
  HttpResponse response = router_.handle(request);
  response.version(request.version());
  send(std::move(response), request.keep_alive() ? Then::NextRequest : Then::Close);
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

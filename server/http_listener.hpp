// The HTTP listener: accepts connections on an io_context and serves each in its own session
// (HTTPS only when given a TLS context), until stop() closes the acceptor and lets requests in
// flight finish.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include <memory>

#include "server/http_session.hpp"
#include "server/router.hpp"

namespace lockstep::server {

class HttpListener {
 public:
  // Binds and listens at once, so that a port in use is reported before the server says it is
  // ready. Throws boost::system::system_error when it cannot. `tls`, when given, must outlive
  // the listener's sessions (those still running when the io_context is destroyed too).
  HttpListener(boost::asio::io_context& io, const boost::asio::ip::tcp::endpoint& endpoint,
               const Router& router, HttpLimits limits = {},
               boost::asio::ssl::context* tls = nullptr);

  // The bound address; with port 0 requested, this holds the port the system chose.
  boost::asio::ip::tcp::endpoint local_endpoint() const;

  void start();
  // Thread-safe. The io_context runs out of work once the last session has ended.
  void stop();

 private:
  void accept();

  boost::asio::io_context& io_;
  boost::asio::strand<boost::asio::io_context::executor_type> strand_;
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::steady_timer retry_timer_;
  const Router& router_;
  HttpLimits limits_;
  boost::asio::ssl::context* tls_;
  std::shared_ptr<SessionRegistry> sessions_ = std::make_shared<SessionRegistry>();
};

}  // namespace lockstep::server

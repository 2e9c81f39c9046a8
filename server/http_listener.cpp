#include "server/http_listener.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/socket_base.hpp>

#include <spdlog/spdlog.h>

namespace lockstep::server {

namespace asio = boost::asio;
using asio::ip::tcp;

HttpListener::HttpListener(asio::io_context& io, const tcp::endpoint& endpoint,
                           const Router& router, HttpLimits limits, asio::ssl::context* tls)
    : io_(io),
      strand_(asio::make_strand(io)),
      acceptor_(strand_),
      retry_timer_(strand_),
      router_(router),
      limits_(limits),
      tls_(tls) {
  acceptor_.open(endpoint.protocol());
  // A restart must not fail because the previous run's connections linger in TIME_WAIT.
  acceptor_.set_option(asio::socket_base::reuse_address(true));
  acceptor_.bind(endpoint);
  acceptor_.listen(asio::socket_base::max_listen_connections);
}

tcp::endpoint HttpListener::local_endpoint() const {
  return acceptor_.local_endpoint();
}

void HttpListener::start() {
  asio::dispatch(strand_, [this] { accept(); });
}

void HttpListener::stop() {
  asio::dispatch(strand_, [this] {
    boost::system::error_code ignored;
    acceptor_.close(ignored);
    retry_timer_.cancel();
  });
  sessions_->shut_down_all();
}

void HttpListener::accept() {
  // Each connection gets its own strand: its handlers never run concurrently, and different
  // connections run in parallel on the io_context's threads.
  acceptor_.async_accept(
      asio::make_strand(io_), [this](boost::system::error_code error, tcp::socket socket) {
        if (error == asio::error::operation_aborted || !acceptor_.is_open()) return;
        if (error) {
          // Out of file descriptors and the like: the condition may pass, so try again shortly
          // rather than in a tight loop that floods the log.
          spdlog::warn("accepting a connection failed: {}", error.message());
          retry_timer_.expires_after(std::chrono::milliseconds(100));
          retry_timer_.async_wait([this](boost::system::error_code timer_error) {
            if (!timer_error && acceptor_.is_open()) accept();
          });
          return;
        }
        auto session =
            std::make_shared<HttpSession>(std::move(socket), router_, limits_, sessions_, tls_);
        if (sessions_->add(session)) session->start();
        accept();
      });
}

}  // namespace lockstep::server

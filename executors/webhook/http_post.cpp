#include "executors/webhook/http_post.hpp"

#include <openssl/ssl.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/url/parse.hpp>

#include <memory>
#include <optional>
#include <utility>

namespace lockstep::executors::webhook {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

class HttpPost : public std::enable_shared_from_this<HttpPost> {
 public:
  HttpPost(asio::any_io_executor executor, HttpPostRequest request,
           std::function<void(HttpPostResult)> done)
      : strand_(asio::make_strand(executor)),
        resolver_(strand_),
        stream_(strand_),
        deadline_(strand_),
        request_(std::move(request)),
        done_(std::move(done)) {}

  void start() {
    asio::post(strand_, [self = shared_from_this()] { self->begin(); });
  }

  void cancel() {
    asio::post(strand_, [self = shared_from_this()] {
      self->result_.cancelled = true;
      self->finish("the request was cancelled");
    });
  }

 private:
  void begin() {
    const auto url = boost::urls::parse_uri(request_.url);
    if (!url) {
      finish("the URL is not valid: " + url.error().message());
      return;
    }
    const bool https = url->scheme() == "https";
    if (!https && url->scheme() != "http") {
      finish("only http:// and https:// URLs are supported, not " + std::string(url->scheme()) +
             "://");
      return;
    }
    host_ = url->host_address();  // without the brackets of an IPv6 literal
    const std::string port = url->has_port() ? std::string(url->port()) : (https ? "443" : "80");
    if (https && !start_tls()) return;
    std::string target(url->encoded_path());
    if (target.empty()) target = "/";
    if (url->has_query()) target += "?" + std::string(url->encoded_query());

    message_ = {http::verb::post, target, 11};
    // Host and port only: user information in the URL never goes on the wire in clear.
    message_.set(http::field::host, std::string(url->encoded_host_and_port()));
    message_.set(http::field::user_agent, "Lockstep");
    message_.set(http::field::content_type, "application/json");
    for (const auto& [name, value] : request_.headers) message_.set(name, value);
    message_.body() = request_.body;
    message_.prepare_payload();

    deadline_.expires_after(request_.timeout);
    deadline_.async_wait([self = shared_from_this()](beast::error_code error) {
      if (error) return;  // cancelled: the exchange ended first
      self->result_.timed_out = true;
      self->finish("no answer within the timeout");
    });
    resolver_.async_resolve(
        host_, port,
        [self = shared_from_this()](beast::error_code error, tcp::resolver::results_type found) {
          if (error) return self->finish("cannot resolve " + self->host_ + ": " + error.message());
          self->stream_.async_connect(
              found, [self](beast::error_code connect_error, const tcp::endpoint&) {
                if (connect_error) {
                  return self->finish("cannot connect to " + self->host_ + ": " +
                                      connect_error.message());
                }
                self->handshake();
              });
        });
  }

  // The TLS layer over the connection, checking the server's certificate and its name.
  bool start_tls() {
    try {
      tls_context_.emplace(asio::ssl::context::tls_client);
      tls_context_->set_options(asio::ssl::context::default_workarounds |
                                asio::ssl::context::no_sslv2 | asio::ssl::context::no_sslv3 |
                                asio::ssl::context::no_tlsv1 | asio::ssl::context::no_tlsv1_1);
      tls_context_->set_default_verify_paths();
      if (!request_.ca_file.empty()) tls_context_->load_verify_file(request_.ca_file);
      tls_context_->set_verify_mode(asio::ssl::verify_peer);
      tls_ = std::make_unique<asio::ssl::stream<beast::tcp_stream&>>(stream_, *tls_context_);
      tls_->set_verify_callback(asio::ssl::host_name_verification(host_));
      // Server Name Indication, for servers that host several names on one address; never for
      // an address (RFC 6066). SSL_ctrl rather than its macro, which casts in C style.
      beast::error_code not_an_address;
      asio::ip::make_address(host_, not_an_address);
      if (not_an_address &&
          SSL_ctrl(tls_->native_handle(), SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
                   const_cast<char*>(host_.c_str())) != 1) {
        finish("cannot set the TLS server name " + host_);
        return false;
      }
    } catch (const std::exception& error) {
      finish(std::string("cannot set up TLS: ") + error.what());
      return false;
    }
    return true;
  }

  void handshake() {
    if (!tls_) return send();
    tls_->async_handshake(asio::ssl::stream_base::client, [self = shared_from_this()](
                                                              beast::error_code error) {
      if (error) {
        return self->finish("TLS handshake with " + self->host_ + " failed: " + error.message());
      }
      self->send();
    });
  }

  // Runs `operation` on the TLS stream when there is one, else on the plain connection.
  template <typename Operation>
  void on_stream(Operation operation) {
    if (tls_) {
      operation(*tls_);
    } else {
      operation(stream_);
    }
  }

  void send() {
    on_stream([this](auto& stream) {
      http::async_write(stream, message_,
                        [self = shared_from_this()](beast::error_code error, std::size_t) {
                          if (error) return self->finish("cannot send: " + error.message());
                          self->receive();
                        });
    });
  }

  void receive() {
    parser_.body_limit(request_.max_response_body);
    on_stream([this](auto& stream) {
      http::async_read(
          stream, buffer_, parser_,
          [self = shared_from_this()](beast::error_code error, std::size_t) {
            // An answer longer than we keep still has its status.
            if (error && !(error == http::error::body_limit && self->parser_.is_header_done())) {
              return self->finish("no valid answer: " + error.message());
            }
            const auto& response = self->parser_.get();
            self->result_.answered = true;
            self->result_.status = static_cast<int>(response.result_int());
            self->result_.reason = std::string(response.reason());
            self->result_.body = response.body();
            self->finish("");
          });
    });
  }

  void finish(std::string error) {
    if (finished_) return;
    finished_ = true;
    if (!result_.answered) result_.error = std::move(error);
    resolver_.cancel();
    deadline_.cancel();
    // No TLS close_notify: the exchange is over either way, and a peer that stopped answering
    // would only make us wait.
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.close();
    // Reported from a fresh handler so that callers never see `done` inside their own call.
    asio::post(strand_, [self = shared_from_this()] { self->done_(std::move(self->result_)); });
  }

  asio::strand<asio::any_io_executor> strand_;
  tcp::resolver resolver_;
  beast::tcp_stream stream_;
  asio::steady_timer deadline_;
  std::optional<asio::ssl::context> tls_context_;
  // Declared after stream_ and the context it uses, so it is destroyed before them.
  std::unique_ptr<asio::ssl::stream<beast::tcp_stream&>> tls_;
  HttpPostRequest request_;
  std::function<void(HttpPostResult)> done_;
  std::string host_;
  http::request<http::string_body> message_;
  beast::flat_buffer buffer_;
  http::response_parser<http::string_body> parser_;
  HttpPostResult result_;
  bool finished_ = false;
};

void HttpPostHandle::cancel() const {
  if (post_) post_->cancel();
}

HttpPostHandle http_post(asio::any_io_executor executor, HttpPostRequest request,
                         std::function<void(HttpPostResult)> done) {
  auto post = std::make_shared<HttpPost>(std::move(executor), std::move(request), std::move(done));
  post->start();
  return HttpPostHandle(post);
}

}  // namespace lockstep::executors::webhook

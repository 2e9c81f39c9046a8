#include "executors/webhook/http_post.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/url/parse.hpp>

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
    if (url->scheme() != "http") {
      finish("only http:// URLs are supported, not " + std::string(url->scheme()) + "://");
      return;
    }
    host_ = url->host_address();  // without the brackets of an IPv6 literal
    const std::string port = url->has_port() ? std::string(url->port()) : "80";
    std::string target(url->encoded_path());
    if (target.empty()) target = "/";
    if (url->has_query()) target += "?" + std::string(url->encoded_query());

    message_ = {http::verb::post, target, 11};
    message_.set(http::field::host, std::string(url->encoded_authority()));
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
                self->send();
              });
        });
  }

  void send() {
    http::async_write(stream_, message_,
                      [self = shared_from_this()](beast::error_code error, std::size_t) {
                        if (error) return self->finish("cannot send: " + error.message());
                        self->receive();
                      });
  }

  void receive() {
    parser_.body_limit(request_.max_response_body);
    http::async_read(
        stream_, buffer_, parser_,
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
  }

  void finish(std::string error) {
    if (finished_) return;
    finished_ = true;
    if (!result_.answered) result_.error = std::move(error);
    resolver_.cancel();
    deadline_.cancel();
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

// A real HTTP server on 127.0.0.1 for executor tests (Boost.Beast on its own thread), plain or
// over TLS: it records every request and answers with a chosen status and body, or holds the
// request unanswered.
#pragma once

#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

namespace lockstep::executors::testing {

struct ReceivedRequest {
  std::string method;
  std::string target;
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;
};

class LoopbackHttpServer {
 public:
  struct Answer {
    int status = 200;
    std::string body;
    bool hold = false;  // never answer; wait for the client to give up
  };

  struct Tls {
    std::string certificate_file;  // PEM
    std::string key_file;          // PEM
  };

  explicit LoopbackHttpServer(Answer answer, std::optional<Tls> tls = std::nullopt)
      : answer_(std::move(answer)) {
    if (tls) {
      tls_.emplace(boost::asio::ssl::context::tls_server);
      tls_->use_certificate_chain_file(tls->certificate_file);
      tls_->use_private_key_file(tls->key_file, boost::asio::ssl::context::pem);
    }
    acceptor_.open(boost::asio::ip::tcp::v4());
    acceptor_.bind({boost::asio::ip::make_address("127.0.0.1"), 0});
    acceptor_.listen();
    accept();
    thread_ = std::thread([this] { io_.run(); });
  }
  ~LoopbackHttpServer() {
    io_.stop();
    thread_.join();
  }

  unsigned short port() const { return acceptor_.local_endpoint().port(); }
  std::string url(const std::string& path = "/hook") const {
    return (tls_ ? "https" : "http") + std::string("://127.0.0.1:") + std::to_string(port()) + path;
  }

  std::vector<ReceivedRequest> requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
  }

  // Waits until a held request's client has closed its connection.
  bool client_gave_up(std::chrono::seconds limit = std::chrono::seconds(30)) {
    std::unique_lock lock(mutex_);
    return closed_.wait_for(lock, limit, [&] { return closed_by_client_ > 0; });
  }

 private:
  struct Session {
    explicit Session(boost::asio::ip::tcp::socket s) : socket(std::move(s)) {}
    boost::asio::ip::tcp::socket socket;
    std::optional<boost::asio::ssl::stream<boost::asio::ip::tcp::socket&>> tls;
    boost::beast::flat_buffer buffer;
    boost::beast::http::request<boost::beast::http::string_body> request;
    boost::beast::http::response<boost::beast::http::string_body> response;
    char byte = 0;

    // Runs `operation` on the TLS stream when there is one, else on the socket.
    template <typename Operation>
    void on_stream(Operation operation) {
      if (tls) {
        operation(*tls);
      } else {
        operation(socket);
      }
    }
  };

  void accept() {
    acceptor_.async_accept(
        [this](boost::system::error_code error, boost::asio::ip::tcp::socket socket) {
          if (error) return;
          auto session = std::make_shared<Session>(std::move(socket));
          if (tls_) {
            session->tls.emplace(session->socket, *tls_);
            session->tls->async_handshake(boost::asio::ssl::stream_base::server,
                                          [this, session](boost::system::error_code handshake) {
                                            if (!handshake) read(session);
                                          });
          } else {
            read(session);
          }
          accept();
        });
  }

  void read(const std::shared_ptr<Session>& session) {
    session->on_stream([&](auto& stream) {
      boost::beast::http::async_read(
          stream, session->buffer, session->request,
          [this, session](boost::system::error_code read_error, std::size_t) {
            if (!read_error) answer(session);
          });
    });
  }

  void answer(const std::shared_ptr<Session>& session) {
    ReceivedRequest received;
    received.method = std::string(session->request.method_string());
    received.target = std::string(session->request.target());
    for (const auto& field : session->request) {
      std::string name(field.name_string());
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      received.headers[name] = std::string(field.value());
    }
    received.body = session->request.body();
    {
      std::lock_guard lock(mutex_);
      requests_.push_back(std::move(received));
    }
    if (answer_.hold) {
      // Reading more only ends when the client closes the connection.
      session->on_stream([&](auto& stream) {
        stream.async_read_some(boost::asio::buffer(&session->byte, 1),
                               [this, session](boost::system::error_code, std::size_t) {
                                 std::lock_guard lock(mutex_);
                                 ++closed_by_client_;
                                 closed_.notify_all();
                               });
      });
      return;
    }
    session->response.result(static_cast<unsigned>(answer_.status));
    session->response.version(11);
    session->response.set(boost::beast::http::field::content_type, "text/plain");
    session->response.body() = answer_.body;
    session->response.prepare_payload();
    session->on_stream([&](auto& stream) {
      boost::beast::http::async_write(
          stream, session->response, [session](boost::system::error_code, std::size_t) {
            boost::system::error_code ignored;
            session->socket.shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
          });
    });
  }

  const Answer answer_;
  std::optional<boost::asio::ssl::context> tls_;
  boost::asio::io_context io_;
  boost::asio::ip::tcp::acceptor acceptor_{io_};
  std::thread thread_;
  mutable std::mutex mutex_;
  std::condition_variable closed_;
  std::vector<ReceivedRequest> requests_;
  int closed_by_client_ = 0;
};

}  // namespace lockstep::executors::testing

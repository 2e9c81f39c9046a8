#include "bench/http/open_loop.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <chrono>
#include <deque>
#include <memory>
#include <vector>

namespace lockstep::bench {
namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using Clock = std::chrono::steady_clock;
using asio::ip::tcp;

struct Connection {
  explicit Connection(asio::io_context& io) : socket(io) {}
  tcp::socket socket;
  boost::beast::flat_buffer buffer;
  http::request<http::string_body> request;
  http::response<http::string_body> response;
  Clock::time_point scheduled;
};

class Generator {
 public:
  Generator(std::uint16_t port, const BenchRequest& request, int rate, int seconds,
            std::string prefix, int max_connections)
      : endpoint_(asio::ip::make_address("127.0.0.1"), port),
        template_(request),
        interval_(std::chrono::nanoseconds(1'000'000'000LL / rate)),
        total_(static_cast<long long>(rate) * seconds),
        prefix_(std::move(prefix)),
        max_connections_(max_connections),
        timer_(io_) {
    latencies_ms_.reserve(static_cast<std::size_t>(total_));
  }

  OpenLoopResult run() {
    // Connections are opened ahead, so connecting is not part of the first requests' latency.
    for (int i = 0; i < std::min(max_connections_, 32); ++i) open_connection();
    start_ = Clock::now() + std::chrono::milliseconds(50);
    tick();
    io_.run();
    OpenLoopResult result;
    result.sent = sent_;
    result.answered = static_cast<long long>(latencies_ms_.size());
    result.non2xx = non2xx_;
    result.failed = failed_;
    std::sort(latencies_ms_.begin(), latencies_ms_.end());
    if (!latencies_ms_.empty()) {
      result.p50_ms = latencies_ms_[latencies_ms_.size() / 2];
      result.p99_ms =
          latencies_ms_[std::min(latencies_ms_.size() - 1, latencies_ms_.size() * 99 / 100)];
      result.max_ms = latencies_ms_.back();
    }
    return result;
  }

 private:
  Connection* open_connection() {
    auto connection = std::make_unique<Connection>(io_);
    boost::system::error_code error;
    connection->socket.connect(endpoint_, error);
    if (error) return nullptr;
    connection->socket.set_option(tcp::no_delay(true));
    idle_.push_back(connection.get());
    all_.push_back(std::move(connection));
    return idle_.back();
  }

  // Sends every request whose time has come, then sleeps until the next one's.
  void tick() {
    const auto now = Clock::now();
    while (scheduled_ < total_ && start_ + interval_ * scheduled_ <= now) {
      backlog_.push_back(start_ + interval_ * scheduled_);
      ++scheduled_;
    }
    while (!backlog_.empty()) {
      if (idle_.empty() &&
          (static_cast<int>(all_.size()) >= max_connections_ || open_connection() == nullptr)) {
        break;  // the rest wait for a connection; their latency keeps counting
      }
      Connection* c = idle_.back();
      idle_.pop_back();
      send(c, backlog_.front());
      backlog_.pop_front();
    }
    if (scheduled_ < total_) {
      timer_.expires_at(start_ + interval_ * scheduled_);
      timer_.async_wait([this](boost::system::error_code) { tick(); });
    }
  }

  void send(Connection* c, Clock::time_point scheduled) {
    ++sent_;
    c->scheduled = scheduled;
    c->request = {};
    c->request.method_string(template_.method);
    c->request.target(template_.target);
    c->request.version(11);
    for (const auto& [name, value] : template_.headers) c->request.set(name, value);
    if (!prefix_.empty())
      c->request.set("X-GitHub-Delivery", prefix_ + "-" + std::to_string(sent_));
    c->request.body() = template_.body;
    c->request.prepare_payload();
    http::async_write(
        c->socket, c->request, [this, c](boost::system::error_code error, std::size_t) {
          if (error) return fail(c);
          c->response = {};
          http::async_read(
              c->socket, c->buffer, c->response,
              [this, c](boost::system::error_code read_error, std::size_t) {
                if (read_error) return fail(c);
                latencies_ms_.push_back(
                    std::chrono::duration<double, std::milli>(Clock::now() - c->scheduled).count());
                if (c->response.result_int() / 100 != 2) ++non2xx_;
                idle_.push_back(c);
                next_from_backlog();
              });
        });
  }

  void next_from_backlog() {
    if (backlog_.empty() || idle_.empty()) return finish_if_done();
    Connection* c = idle_.back();
    idle_.pop_back();
    send(c, backlog_.front());
    backlog_.pop_front();
  }

  void fail(Connection* c) {
    ++failed_;
    boost::system::error_code ignored;
    c->socket.close(ignored);
    finish_if_done();
  }

  void finish_if_done() {
    if (scheduled_ == total_ && backlog_.empty() &&
        static_cast<long long>(latencies_ms_.size()) + failed_ == sent_) {
      for (auto& c : all_) {
        boost::system::error_code ignored;
        c->socket.close(ignored);
      }
    }
  }

  asio::io_context io_;
  tcp::endpoint endpoint_;
  BenchRequest template_;
  Clock::duration interval_;
  long long total_;
  std::string prefix_;
  int max_connections_;
  asio::steady_timer timer_;
  Clock::time_point start_;
  long long scheduled_ = 0;
  long long sent_ = 0;
  long long non2xx_ = 0;
  long long failed_ = 0;
  std::deque<Clock::time_point> backlog_;
  std::vector<Connection*> idle_;
  std::vector<std::unique_ptr<Connection>> all_;
  std::vector<double> latencies_ms_;
};

}  // namespace

OpenLoopResult run_open_loop(std::uint16_t port, const BenchRequest& request, int rate, int seconds,
                             const std::string& deliveryPrefix, int max_connections) {
  Generator generator(port, request, rate, seconds, deliveryPrefix, max_connections);
  return generator.run();
}

}  // namespace lockstep::bench

// One HTTP POST on the io_context (Boost.Beast, TLS through OpenSSL for https), with a deadline
// over the whole exchange and a cancel, reporting exactly once.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include <boost/asio/any_io_executor.hpp>

namespace lockstep::executors::webhook {

struct HttpPostRequest {
  std::string url;
  std::map<std::string, std::string> headers;
  std::string body;
  std::chrono::milliseconds timeout{std::chrono::seconds(30)};
  std::size_t max_response_body = 64 * 1024;  // the rest of a longer body is not read
  // https: certificates trusted besides the system's (a PEM file); empty = the system's only.
  std::string ca_file;
};

struct HttpPostResult {
  bool answered = false;  // a status line and headers arrived; `status` and `body` are set
  int status = 0;
  std::string reason;
  std::string body;  // at most max_response_body bytes
  bool timed_out = false;
  bool cancelled = false;
  std::string error;  // why there is no answer
};

class HttpPost;

// Copies refer to the same exchange; cancel() may be called from any thread, any number of times.
class HttpPostHandle {
 public:
  HttpPostHandle() = default;
  explicit HttpPostHandle(std::shared_ptr<HttpPost> post) : post_(std::move(post)) {}
  void cancel() const;

 private:
  std::shared_ptr<HttpPost> post_;
};

// Returns at once; `done` runs once on `executor`, never inside this call.
HttpPostHandle http_post(boost::asio::any_io_executor executor, HttpPostRequest request,
                         std::function<void(HttpPostResult)> done);

}  // namespace lockstep::executors::webhook

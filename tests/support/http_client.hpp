// A minimal HTTP/1.1 client over loopback for tests: enough to check status, headers and body
// of what the server answers, including several requests on one kept-alive connection.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace lockstep::testing {

struct HttpResult {
  int status = 0;
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;
  std::string header(const std::string& lower_case_name) const;  // empty when absent
};

class HttpConnection {
 public:
  // Connects to an IPv4 address such as 127.0.0.1. Throws std::system_error when it cannot.
  // A `receive_buffer` in bytes makes a client that cannot take much before it reads.
  HttpConnection(const std::string& host, std::uint16_t port, int receive_buffer = 0);
  ~HttpConnection();
  HttpConnection(const HttpConnection&) = delete;
  HttpConnection& operator=(const HttpConnection&) = delete;

  // Sends one request and reads its response (framed by Content-Length). Throws
  // std::runtime_error when the server closes the connection or 5 s pass without an answer.
  HttpResult request(std::string_view method, std::string_view target, std::string_view body = "",
                     bool keep_alive = true);

  void send_raw(std::string_view bytes);
  HttpResult read_response();
  // True when the server has closed its end (reads see end of stream within 5 s).
  bool closed_by_server();

  // For a streamed body after read_response() read its head: waits for more bytes (throws after
  // `seconds` without any); false at the end of the stream.
  bool receive(int seconds = 5);
  // The bytes received and not consumed by read_response(), handed over.
  std::string take_received();
  // Ends the connection now, as a client that goes away does.
  void disconnect();

 private:
  // Reads more into buffer_; false at end of stream. Throws after `seconds` of silence (the
  // socket's receive timeout, which must be set to match).
  bool fill(int seconds = 5);

  int fd_ = -1;
  std::string host_;
  std::string buffer_;
};

// One request on a fresh connection that is closed afterwards.
HttpResult http_request(std::uint16_t port, std::string_view method, std::string_view target,
                        std::string_view body = "");
inline HttpResult http_get(std::uint16_t port, std::string_view target) {
  return http_request(port, "GET", target);
}

}  // namespace lockstep::testing

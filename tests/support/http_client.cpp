// The tests' HTTP client: the one file in tests/ that makes raw socket calls (see DESIGN.md).
#include "tests/support/http_client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <stdexcept>
#include <system_error>

namespace lockstep::testing {
namespace {

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

std::string trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return "";
  const auto last = text.find_last_not_of(" \t\r");
  return std::string(text.substr(first, last - first + 1));
}

}  // namespace

std::string HttpResult::header(const std::string& lower_case_name) const {
  const auto found = headers.find(lower_case_name);
  return found == headers.end() ? "" : found->second;
}

HttpConnection::HttpConnection(const std::string& host, std::uint16_t port, int receive_buffer)
    : host_(host) {
  fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0) throw std::system_error(errno, std::generic_category(), "socket");
  // Before connect: the window the connection advertises is fixed then.
  if (receive_buffer > 0) {
    setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &receive_buffer, sizeof receive_buffer);
  }
  // A server that never answers fails the test after 5 s instead of hanging it.
  timeval timeout{5, 0};
  setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  if (inet_pton(AF_INET, host.c_str(), &address.sin_addr) != 1) {
    close(fd_);
    throw std::invalid_argument("not an IPv4 address: " + host);
  }
  if (connect(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
    const int error = errno;
    close(fd_);
    throw std::system_error(error, std::generic_category(),
                            "connect to " + host + ":" + std::to_string(port));
  }
}

HttpConnection::~HttpConnection() {
  if (fd_ >= 0) close(fd_);
}

void HttpConnection::send_raw(std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw std::system_error(errno, std::generic_category(), "send");
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
}

bool HttpConnection::fill(int seconds) {
  char chunk[4096];
  for (;;) {
    const ssize_t n = recv(fd_, chunk, sizeof chunk, 0);
    if (n > 0) {
      buffer_.append(chunk, static_cast<std::size_t>(n));
      return true;
    }
    if (n == 0 || errno == ECONNRESET) return false;
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) {
      throw std::runtime_error("no answer from the server within " + std::to_string(seconds) +
                               " s");
    }
    throw std::system_error(errno, std::generic_category(), "recv");
  }
}

HttpResult HttpConnection::read_response() {
  std::size_t header_end;
  while ((header_end = buffer_.find("\r\n\r\n")) == std::string::npos) {
    if (!fill()) throw std::runtime_error("the server closed the connection: " + buffer_);
  }
  HttpResult result;
  std::string_view head(buffer_.data(), header_end);
  const auto status_line_end = head.find("\r\n");
  const std::string_view status_line = head.substr(0, status_line_end);
  // "HTTP/1.1 200 OK"
  const auto space = status_line.find(' ');
  if (space == std::string_view::npos) throw std::runtime_error("bad status line");
  result.status = std::stoi(std::string(status_line.substr(space + 1, 3)));
  std::size_t position =
      status_line_end == std::string_view::npos ? head.size() : status_line_end + 2;
  while (position < head.size()) {
    auto end = head.find("\r\n", position);
    if (end == std::string_view::npos) end = head.size();
    const std::string_view line = head.substr(position, end - position);
    const auto colon = line.find(':');
    if (colon != std::string_view::npos) {
      result.headers[lower(std::string(line.substr(0, colon)))] = trim(line.substr(colon + 1));
    }
    position = end + 2;
  }
  const std::size_t length =
      result.headers.contains("content-length") ? std::stoul(result.headers["content-length"]) : 0;
  const std::size_t body_start = header_end + 4;
  while (buffer_.size() < body_start + length) {
    if (!fill()) throw std::runtime_error("the server closed the connection mid-body");
  }
  result.body = buffer_.substr(body_start, length);
  buffer_.erase(0, body_start + length);
  return result;
}

HttpResult HttpConnection::request(std::string_view method, std::string_view target,
                                   std::string_view body, bool keep_alive) {
  std::string text =
      std::string(method) + " " + std::string(target) + " HTTP/1.1\r\nHost: " + host_ + "\r\n";
  if (!keep_alive) text += "Connection: close\r\n";
  if (!body.empty() || method == "POST" || method == "PUT") {
    text +=
        "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
  }
  text += "\r\n";
  text += body;
  send_raw(text);
  return read_response();
}

bool HttpConnection::closed_by_server() {
  try {
    while (fill()) {
    }
    return true;
  } catch (const std::runtime_error&) {
    return false;
  }
}

bool HttpConnection::receive(int seconds) {
  timeval timeout{seconds, 0};
  setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  const bool more = fill(seconds);
  timeval usual{5, 0};
  setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &usual, sizeof usual);
  return more;
}

std::string HttpConnection::take_received() {
  std::string bytes;
  bytes.swap(buffer_);
  return bytes;
}

void HttpConnection::disconnect() {
  if (fd_ >= 0) close(fd_);
  fd_ = -1;
}

HttpResult http_request(std::uint16_t port, std::string_view method, std::string_view target,
                        std::string_view body) {
  HttpConnection connection("127.0.0.1", port);
  return connection.request(method, target, body, false);
}

}  // namespace lockstep::testing

#include "tests/support/rest_request.hpp"

namespace lockstep::testing {

HttpResult rest_request(std::uint16_t port, const RestRequest& request) {
  std::string text = request.method + " " + request.target +
                     " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) +
                     "\r\nConnection: close\r\n";
  if (!request.token.empty()) text += "Authorization: Bearer " + request.token + "\r\n";
  for (const auto& [name, value] : request.headers) text += name + ": " + value + "\r\n";
  if (!request.body.empty() || request.method == "POST" || request.method == "PUT") {
    if (!request.contentType.empty()) text += "Content-Type: " + request.contentType + "\r\n";
    text += "Content-Length: " + std::to_string(request.body.size()) + "\r\n";
  }
  text += "\r\n" + request.body;
  HttpConnection connection("127.0.0.1", port);
  connection.send_raw(text);
  return connection.read_response();
}

}  // namespace lockstep::testing

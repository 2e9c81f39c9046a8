// Outgoing notifications over libcurl (the only file that calls it): mail over SMTP, a JSON POST
// to a chat webhook and a signed POST to an AWS API. All block until the peer answered or the
// timeout passed.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace lockstep::executors::approval {

struct SmtpSettings {
  std::string url;        // smtp://host:port, or smtps://host:port for TLS from the start
  bool starttls = false;  // require STARTTLS on an smtp:// connection
  std::string username;   // empty: no authentication
  std::string password;   // never logged
  std::string from;       // envelope sender and From: header
  long timeout_seconds = 30;
};

// Sends one complete RFC 5322 message to one recipient. Nothing on success, else a sentence
// saying what failed; it names the server but never the credentials.
std::optional<std::string> send_mail(const SmtpSettings& smtp, const std::string& recipient,
                                     const std::string& message);

// POSTs `json` with Content-Type application/json; success is a 2xx answer. The sentence on
// failure never contains the URL, whose path often is the webhook's secret.
std::optional<std::string> post_json(const std::string& url, const std::string& json,
                                     long timeout_seconds = 30);

struct HttpAnswer {
  long status = 0;   // 0: no answer; `error` says why
  std::string body;  // at most 1 MiB is kept
  std::string error;
};

// POSTs `body` with `headers` ("Name: value", sent as given) and returns the answer.
HttpAnswer post_request(const std::string& url, const std::vector<std::string>& headers,
                        const std::string& body, long timeout_seconds = 30);

}  // namespace lockstep::executors::approval

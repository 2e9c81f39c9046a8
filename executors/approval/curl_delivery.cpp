#include "executors/approval/curl_delivery.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <mutex>
#include <string_view>

namespace lockstep::executors::approval {

namespace {

void global_init() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct EasyDeleter {
  void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
struct ListDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using Easy = std::unique_ptr<CURL, EasyDeleter>;
using List = std::unique_ptr<curl_slist, ListDeleter>;

struct Upload {
  std::string_view data;
  std::size_t sent = 0;
};

std::size_t read_upload(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* upload = static_cast<Upload*>(user);
  const std::size_t n = std::min(size * count, upload->data.size() - upload->sent);
  std::memcpy(buffer, upload->data.data() + upload->sent, n);
  upload->sent += n;
  return n;
}

// An answer's body is read for its error code only; more than this is not an AWS error document.
constexpr std::size_t kMaxAnswerBytes = 1 << 20;

std::size_t keep_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* body = static_cast<std::string*>(user);
  const std::size_t n = size * count;
  body->append(data, std::min(n, kMaxAnswerBytes - std::min(kMaxAnswerBytes, body->size())));
  return n;
}

std::string describe(CURLcode code, const char* detail) {
  std::string text = curl_easy_strerror(code);
  if (detail[0] != '\0') text += std::string(" (") + detail + ")";
  return text;
}

}  // namespace

std::optional<std::string> send_mail(const SmtpSettings& smtp, const std::string& recipient,
                                     const std::string& message) {
  global_init();
  Easy curl(curl_easy_init());
  if (!curl) return "libcurl could not start a transfer";
  char error[CURL_ERROR_SIZE] = {};
  const std::string from = "<" + smtp.from + ">";
  List recipients(curl_slist_append(nullptr, ("<" + recipient + ">").c_str()));
  Upload upload{message};

  CURL* h = curl.get();
  curl_easy_setopt(h, CURLOPT_URL, smtp.url.c_str());
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_TIMEOUT, smtp.timeout_seconds);
  if (smtp.starttls) curl_easy_setopt(h, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
  if (!smtp.username.empty()) {
    curl_easy_setopt(h, CURLOPT_USERNAME, smtp.username.c_str());
    curl_easy_setopt(h, CURLOPT_PASSWORD, smtp.password.c_str());
  }
  curl_easy_setopt(h, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(h, CURLOPT_MAIL_RCPT, recipients.get());
  curl_easy_setopt(h, CURLOPT_READFUNCTION, read_upload);
  curl_easy_setopt(h, CURLOPT_READDATA, &upload);
  curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);

  const CURLcode result = curl_easy_perform(h);
  if (result != CURLE_OK) return describe(result, error);
  return std::nullopt;
}

std::optional<std::string> post_json(const std::string& url, const std::string& json,
                                     long timeout_seconds) {
  const HttpAnswer answer =
      post_request(url, {"Content-Type: application/json"}, json, timeout_seconds);
  if (answer.status == 0) return "the webhook could not be reached: " + answer.error;
  if (answer.status < 200 || answer.status > 299) {
    return "the webhook answered HTTP " + std::to_string(answer.status);
  }
  return std::nullopt;
}

HttpAnswer post_request(const std::string& url, const std::vector<std::string>& headers,
                        const std::string& body, long timeout_seconds) {
  HttpAnswer answer;
  global_init();
  Easy curl(curl_easy_init());
  if (!curl) {
    answer.error = "libcurl could not start a transfer";
    return answer;
  }
  char error[CURL_ERROR_SIZE] = {};
  List list(nullptr);
  for (const std::string& header : headers) {
    curl_slist* longer = curl_slist_append(list.get(), header.c_str());
    if (longer == nullptr) {
      answer.error = "libcurl could not hold the request's headers";
      return answer;
    }
    list.release();
    list.reset(longer);
  }
  // libcurl adds "Expect: 100-continue" to large POSTs; it is not part of the signed headers.
  curl_slist* without_expect = curl_slist_append(list.get(), "Expect:");
  if (without_expect != nullptr) {
    list.release();
    list.reset(without_expect);
  }

  CURL* h = curl.get();
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_TIMEOUT, timeout_seconds);
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, list.get());
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, body.c_str());
  curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, keep_body);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &answer.body);

  const CURLcode result = curl_easy_perform(h);
  if (result != CURLE_OK) {
    answer.error = describe(result, error);
    return answer;
  }
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &answer.status);
  return answer;
}

}  // namespace lockstep::executors::approval

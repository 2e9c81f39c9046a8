#include "executors/approval/approval_notice.hpp"

#include <nlohmann/json.hpp>

#include <ctime>

namespace lockstep::executors::approval {

namespace {

// A line break inside a header value would start a new header; a lone CR or LF in the body
// would be a bare line end, which SMTP forbids.
std::string header_value(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) out += (c == '\r' || c == '\n') ? ' ' : c;
  return out;
}

std::string crlf_lines(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 8);
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\r') {
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
      out += "\r\n";
    } else if (c == '\n') {
      out += "\r\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string utc_text(engine::Timestamp at, const char* format) {
  const std::time_t seconds = static_cast<std::time_t>(at / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buffer[64];
  const std::size_t n = std::strftime(buffer, sizeof buffer, format, &tm);
  return std::string(buffer, n);
}

std::string details(const ApprovalNotice& n, std::string_view line_end) {
  std::string text;
  const auto line = [&](std::string_view label, std::string_view value) {
    text.append(label).append(value).append(line_end);
  };
  line("Pipeline:  ", n.pipelineName);
  line("Stage:     ", n.stageName);
  line("Action:    ", n.actionName);
  line("Execution: ", n.pipelineExecutionId);
  if (!n.externalEntityLink.empty()) line("Review:    ", n.externalEntityLink);
  line("Expires:   ", utc_text(n.expiresAt, "%Y-%m-%d %H:%M UTC"));
  if (!n.customData.empty()) {
    text.append(line_end).append("Comments from the pipeline:").append(line_end);
    text.append(n.customData).append(line_end);
  }
  return text;
}

bool address_char(char c) {
  if (c <= ' ' || c >= 127) return false;  // controls, space, DEL and non-ASCII
  switch (c) {
    case '<':
    case '>':
    case '(':
    case ')':
    case '[':
    case ']':
    case '\\':
    case ',':
    case ';':
    case ':':
    case '"':
      return false;
    default:
      return true;
  }
}

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t");
  return text.substr(first, last - first + 1);
}

}  // namespace

std::string approval_mail(const ApprovalNotice& notice, std::string_view from, std::string_view to,
                          engine::Timestamp now) {
  std::string message;
  message += "From: " + header_value(from) + "\r\n";
  message += "To: " + header_value(to) + "\r\n";
  message += "Subject: " +
             header_value("Approval needed: " + notice.pipelineName + " / " + notice.stageName +
                          " / " + notice.actionName) +
             "\r\n";
  message += "Date: " + utc_text(now, "%a, %d %b %Y %H:%M:%S +0000") + "\r\n";
  message += "MIME-Version: 1.0\r\n";
  message += "Content-Type: text/plain; charset=utf-8\r\n";
  message += "Content-Transfer-Encoding: 8bit\r\n";
  message += "\r\n";
  message += "The pipeline is waiting for your approval.\r\n\r\n";
  message += crlf_lines(details(notice, "\n"));
  message += "\r\nApprove: " + header_value(notice.approveUrl) + "\r\n";
  message += "Reject:  " + header_value(notice.rejectUrl) + "\r\n\r\n";
  message +=
      "Each link works once, only while the approval waits, and records your address with "
      "the decision.\r\n";
  return message;
}

std::string approval_webhook_body(const ApprovalNotice& notice) {
  std::string text = "Approval needed for pipeline " + notice.pipelineName + "\n";
  text += details(notice, "\n");
  text += "Approve: " + notice.approveUrl + "\n";
  text += "Reject: " + notice.rejectUrl + "\n";
  return nlohmann::json{{"text", text}}.dump();
}

std::string approval_sns_message(const ApprovalNotice& notice, std::string_view region,
                                 std::string_view token, std::string_view consoleLink) {
  const nlohmann::json message{{"region", region},
                               {"consoleLink", consoleLink},
                               {"approval",
                                {{"pipelineName", notice.pipelineName},
                                 {"stageName", notice.stageName},
                                 {"actionName", notice.actionName},
                                 {"token", token},
                                 {"expires", utc_text(notice.expiresAt, "%Y-%m-%dT%H:%MZ")},
                                 {"externalEntityLink", notice.externalEntityLink},
                                 {"approvalReviewLink", notice.approveUrl},
                                 {"customData", notice.customData}}}};
  return message.dump();
}

std::string approval_sns_subject(std::string_view pipelineName, std::string_view actionName) {
  return "APPROVAL NEEDED: AWS CodePipeline " + std::string(pipelineName) + " for action " +
         std::string(actionName);
}

bool is_mail_address(std::string_view text) {
  if (text.size() < 3 || text.size() > 254) return false;
  const auto at = text.find('@');
  if (at == 0 || at == std::string_view::npos || at == text.size() - 1) return false;
  if (text.find('@', at + 1) != std::string_view::npos) return false;
  for (char c : text) {
    if (!address_char(c)) return false;
  }
  return true;
}

std::vector<std::string> split_mail_addresses(std::string_view list,
                                              std::vector<std::string>* rejected) {
  std::vector<std::string> addresses;
  while (!list.empty()) {
    const auto comma = list.find(',');
    const std::string_view item = trim(list.substr(0, comma));
    list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
    if (item.empty()) continue;
    if (is_mail_address(item)) {
      addresses.emplace_back(item);
    } else if (rejected != nullptr) {
      rejected->emplace_back(item);
    }
  }
  return addresses;
}

}  // namespace lockstep::executors::approval

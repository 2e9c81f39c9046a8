#include "server/approval_page_html.hpp"

#include <ctime>

namespace lockstep::server {

namespace {

const char* verb(engine::ApprovalStatus decision) {
  return decision == engine::ApprovalStatus::Approved ? "Approve" : "Reject";
}

std::string utc_text(engine::Timestamp at) {
  const std::time_t seconds = static_cast<std::time_t>(at / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buffer[32];
  const std::size_t n = std::strftime(buffer, sizeof buffer, "%Y-%m-%d %H:%M UTC", &tm);
  return std::string(buffer, n);
}

std::string page(std::string_view title, std::string_view body) {
  std::string html =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      "<title>";
  html += html_escape(title);
  html +=
      " - Lockstep</title><style>"
      "body{font-family:system-ui,sans-serif;max-width:42rem;margin:2rem auto;padding:0 1rem}"
      "th{text-align:left;padding-right:1rem;vertical-align:top}"
      "td{white-space:pre-wrap;word-break:break-word}"
      "textarea{width:100%;min-height:6rem}"
      "</style></head><body><h1>";
  html += html_escape(title);
  html += "</h1>\n";
  html += body;
  html += "\n</body></html>\n";
  return html;
}

std::string row(std::string_view label, std::string_view value_html) {
  return "<tr><th>" + html_escape(label) + "</th><td>" + std::string(value_html) + "</td></tr>\n";
}

std::string details(const engine::ApprovalLink& link) {
  std::string html = "<table>\n";
  html += row("Pipeline", html_escape(link.pipelineName));
  html += row("Stage", html_escape(link.stageName));
  html += row("Action", html_escape(link.actionName));
  html += row("Execution", html_escape(link.pipelineExecutionId));
  if (!link.externalEntityLink.empty()) {
    const bool web = link.externalEntityLink.starts_with("https://") ||
                     link.externalEntityLink.starts_with("http://");
    const std::string text = html_escape(link.externalEntityLink);
    // Only web addresses become links: a javascript: URL must not be one click away.
    html +=
        row("Review",
            web ? "<a href=\"" + text + "\" rel=\"noreferrer noopener\">" + text + "</a>" : text);
  }
  if (!link.customData.empty()) html += row("Comments", html_escape(link.customData));
  html += row("Expires", html_escape(utc_text(link.expiresAt)));
  html += row("Sent to", html_escape(link.recipient));
  html += "</table>\n";
  return html;
}

}  // namespace

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string approval_form_page(const engine::ApprovalLink& link) {
  const std::string action = verb(link.decision);
  std::string body = "<p>This link will <strong>" + html_escape(action) +
                     "</strong> the approval below, once, in the name of " +
                     html_escape(link.recipient) + ".</p>\n";
  body += details(link);
  body +=
      "<form method=\"post\"><p><label for=\"comment\">Comment (optional, up to 512 "
      "characters)</label></p><textarea id=\"comment\" name=\"comment\" maxlength=\"512\">"
      "</textarea><p><button type=\"submit\">";
  body += html_escape(action);
  body += "</button></p></form>";
  return page(action + ": " + link.pipelineName + " / " + link.stageName + " / " + link.actionName,
              body);
}

std::string approval_done_page(const engine::ApprovalLink& link, std::string_view comment) {
  const bool approved = link.decision == engine::ApprovalStatus::Approved;
  std::string body = "<p>The approval was <strong>" +
                     std::string(approved ? "approved" : "rejected") + "</strong> by " +
                     html_escape(link.recipient) + ". This link cannot be used again.</p>\n";
  body += details(link);
  if (!comment.empty()) {
    body += "<p>Your comment:</p><blockquote>" + html_escape(comment) + "</blockquote>";
  }
  return page(approved ? "Approved" : "Rejected", body);
}

std::string approval_refused_page(std::string_view title, std::string_view explanation) {
  return page(title, "<p>" + html_escape(explanation) + "</p>");
}

}  // namespace lockstep::server

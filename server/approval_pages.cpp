#include "server/approval_pages.hpp"

#include <boost/asio/post.hpp>
#include <boost/url/encoding_opts.hpp>
#include <boost/url/params_view.hpp>
#include <boost/url/parse_query.hpp>

#include <spdlog/spdlog.h>

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <variant>

#include "engine/api_errors.hpp"
#include "executors/approval/link_token.hpp"
#include "server/approval_page_html.hpp"

namespace lockstep::server {

namespace {

using engine::ApprovalLink;

// The form holds one comment of at most 512 characters (PutApprovalResult's summary), which
// percent-encoding can triple; anything much larger is not from the form.
constexpr std::size_t kFormBodyLimit = 8 * 1024;
constexpr std::size_t kCommentLimit = 512;

HttpResponse html_response(http::status status, std::string body) {
  HttpResponse response(status, 11);
  response.set(http::field::content_type, "text/html; charset=utf-8");
  // The token is in the address: keep it out of caches and out of Referer headers.
  response.set(http::field::cache_control, "no-store");
  response.set("Referrer-Policy", "no-referrer");
  response.set("X-Content-Type-Options", "nosniff");
  response.set("Content-Security-Policy",
               "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
               "frame-ancestors 'none'");
  response.body() = std::move(body);
  response.prepare_payload();
  return response;
}

HttpResponse unknown_link() {
  return html_response(http::status::not_found,
                       approval_refused_page("Unknown approval link",
                                             "This approval link is not valid. Check that the "
                                             "whole address was copied from the mail."));
}

HttpResponse gone(std::string_view explanation) {
  return html_response(http::status::gone,
                       approval_refused_page("Approval link no longer valid", explanation));
}

// The link for the path's token if it can still be used, else the page that says why not.
std::variant<ApprovalLink, HttpResponse> usable_link(const ApprovalPageDeps& deps,
                                                     const RouteRequest& request) {
  const auto found = request.parameters.find("token");
  if (found == request.parameters.end()) return unknown_link();
  const std::string& token = found->second;
  if (!executors::approval::looks_like_link_token(token)) return unknown_link();
  auto link = deps.links.find_approval_link(executors::approval::hash_link_token(token));
  if (!link || !executors::approval::link_token_matches(token, link->tokenHash)) {
    return unknown_link();
  }
  if (link->usedAt) {
    return gone(
        "This approval link was already used, or the approval was decided another way. "
        "Each link works once.");
  }
  if (link->expiresAt <= deps.clock.now()) {
    return gone("This approval request has expired; the approval failed when its time ran out.");
  }
  return std::move(*link);
}

// Whether the attempt still waits for a person, as the engine sees it now.
bool still_waits(const engine::EngineState& state, const ApprovalLink& link) {
  const auto pipeline = state.pipelines.find(link.pipelineName);
  if (pipeline == state.pipelines.end()) return false;
  const auto execution = pipeline->second.executions.find(link.pipelineExecutionId);
  if (execution == pipeline->second.executions.end()) return false;
  for (const engine::ActionExecution& a : execution->second.actionExecutions) {
    if (a.actionExecutionId != link.actionExecutionId) continue;
    return a.status == engine::ActionExecutionStatus::InProgress && !a.approvalAnswered &&
           !a.timedOut && a.token == link.approvalToken;
  }
  return false;
}

const char* kNotWaiting =
    "This approval no longer waits for a decision: it was already approved or rejected (by "
    "another link or through the API), it timed out, or its execution was stopped.";

std::optional<std::string> form_comment(std::string_view body) {
  if (body.empty()) return std::string();
  // Checked first: the constructor below throws on a malformed query.
  if (!boost::urls::parse_query(body)) return std::nullopt;
  boost::urls::encoding_opts options;
  options.space_as_plus = true;
  const boost::urls::params_view params(body, options);
  const auto it = params.find("comment");
  if (it == params.end()) return std::string();
  return std::string((*it).value);
}

void show(const ApprovalPageDeps& deps, const RouteRequest& request, Respond respond) {
  auto link = usable_link(deps, request);
  if (auto* refusal = std::get_if<HttpResponse>(&link)) {
    respond(std::move(*refusal));
    return;
  }
  auto shared = std::make_shared<ApprovalLink>(std::move(std::get<ApprovalLink>(link)));
  deps.orchestrator.inspect(
      [shared, respond = std::move(respond)](const engine::EngineState& state) {
        if (!still_waits(state, *shared)) {
          respond(gone(kNotWaiting));
          return;
        }
        respond(html_response(http::status::ok, approval_form_page(*shared)));
      });
}

void decide(const ApprovalPageDeps& deps, const RouteRequest& request, Respond respond) {
  auto found = usable_link(deps, request);
  if (auto* refusal = std::get_if<HttpResponse>(&found)) {
    respond(std::move(*refusal));
    return;
  }
  auto link = std::make_shared<ApprovalLink>(std::move(std::get<ApprovalLink>(found)));
  auto comment = form_comment(request.http.body());
  if (!comment) {
    respond(html_response(http::status::bad_request,
                          approval_refused_page("Unreadable form",
                                                "The form could not be read; go back and send "
                                                "it again.")));
    return;
  }
  if (comment->size() > kCommentLimit) {
    respond(html_response(http::status::bad_request,
                          approval_refused_page("Comment too long",
                                                "The comment may be at most 512 characters; "
                                                "go back, shorten it and send it again.")));
    return;
  }

  engine::ApprovalResult result;
  result.pipelineName = link->pipelineName;
  result.stageName = link->stageName;
  result.actionName = link->actionName;
  result.token = link->approvalToken;
  result.status = link->decision;
  result.summary = *comment;
  result.updatedBy = link->recipient;
  auto shared_comment = std::make_shared<std::string>(std::move(*comment));
  deps.orchestrator.submit(
      std::move(result),
      [deps, link, shared_comment, respond = std::move(respond)](const engine::Decision& decision) {
        boost::asio::post(deps.background, [deps, link, shared_comment, respond, decision] {
          if (decision.accepted()) {
            deps.links.close_approval_links(link->actionExecutionId, deps.clock.now());
            spdlog::info(
                "approval {} of pipeline {} was {} by {} through a mailed link", link->actionName,
                link->pipelineName,
                link->decision == engine::ApprovalStatus::Approved ? "approved" : "rejected",
                link->recipient);
            respond(html_response(http::status::ok, approval_done_page(*link, *shared_comment)));
            return;
          }
          if (decision.rejection->exception == engine::api_error::kInternalFailure) {
            respond(html_response(http::status::service_unavailable,
                                  approval_refused_page("Not recorded",
                                                        "The server could not record the "
                                                        "decision right now; try the link again "
                                                        "in a moment.")));
            return;
          }
          // Answered, replaced, timed out or gone: no link of this attempt can decide any more.
          deps.links.close_approval_links(link->actionExecutionId, deps.clock.now());
          respond(gone(kNotWaiting));
        });
      });
}

}  // namespace

void add_approval_routes(Router& router, ApprovalPageDeps deps) {
  router.add_async(
      http::verb::get, "/approvals/{token}",
      [deps](const RouteRequest& request, Respond respond) { show(deps, request, respond); });
  router.add_async(
      http::verb::post, "/approvals/{token}",
      [deps](const RouteRequest& request, Respond respond) { decide(deps, request, respond); },
      RouteOptions{kFormBodyLimit});
}

}  // namespace lockstep::server

// The HTML of the approval link pages: the form a link opens, the confirmation, and the refusals.
// Every value is HTML-escaped; the pages load nothing from elsewhere.
#pragma once

#include <string>
#include <string_view>

#include "engine/approval_link_store.hpp"

namespace lockstep::server {

std::string html_escape(std::string_view text);

// The details of the approval and a comment box; the form posts back to the same link.
std::string approval_form_page(const engine::ApprovalLink& link);

// The decision was recorded.
std::string approval_done_page(const engine::ApprovalLink& link, std::string_view comment);

// A link that cannot be used, with a plain sentence why.
std::string approval_refused_page(std::string_view title, std::string_view explanation);

}  // namespace lockstep::server

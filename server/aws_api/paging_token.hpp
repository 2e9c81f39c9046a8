// nextToken values: opaque to clients, tied to the listing (and its filter) that issued them so
// that a token from elsewhere is refused with InvalidNextTokenException instead of misread.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace lockstep::server::aws_api {

// `scope` names the listing ("executions:<pipeline>:<filter>"); `position` where to go on.
std::string make_paging_token(std::string_view scope, std::string_view position);

// The position, when `token` was made for `scope`.
std::optional<std::string> read_paging_token(std::string_view token, std::string_view scope);

}  // namespace lockstep::server::aws_api

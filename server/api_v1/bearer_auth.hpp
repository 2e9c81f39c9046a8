// Who may call the REST API: Bearer tokens from the configuration, each with a role.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/router.hpp"

namespace lockstep::server::api_v1 {

// Each role may do everything the ones before it may.
enum class Role { Viewer, Operator, Admin };

std::optional<Role> parse_role(std::string_view text);
std::string_view to_string(Role role);

struct ApiToken {
  std::string name;   // who the caller is in triggers and approvals; the token itself never shows
  std::string token;  // never logged
  Role role = Role::Viewer;
};

// The caller a request was proven to come from.
struct Caller {
  std::string name;
  Role role = Role::Viewer;
};

// Either the caller, or the answer that refuses the request.
struct Authorization {
  std::optional<Caller> caller;
  std::optional<HttpResponse> refusal;
};

class BearerAuth {
 public:
  // `allow_unauthenticated`: requests without an Authorization header act as admin (the daemon
  // allows it on a loopback listener only). A token that is sent is checked all the same.
  BearerAuth(const std::vector<ApiToken>& tokens, bool allow_unauthenticated);

  // 401 without a token or with an unknown one, 403 when the token's role is below `needed`.
  Authorization authorize(const HttpRequest& request, Role needed) const;

  // The refusal alone, for routes that need only a yes or no (the live streams).
  std::optional<HttpResponse> refuse(const RouteRequest& request, Role needed) const {
    return authorize(request.http, needed).refusal;
  }

 private:
  using Digest = std::array<unsigned char, 32>;
  struct Entry {
    std::string name;
    Digest digest;  // SHA-256 of the token: equal lengths, compared in constant time
    Role role;
  };
  std::vector<Entry> entries_;
  bool allow_unauthenticated_;
};

}  // namespace lockstep::server::api_v1

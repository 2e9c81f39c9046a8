// The secret in a one-time approval link: how it is drawn, how it is kept (hashed) and compared.
#pragma once

#include <string>
#include <string_view>

namespace lockstep::executors::approval {

// 256 bits from OpenSSL's RAND_bytes in unpadded base64url: 43 characters, safe in a URL path.
std::string new_link_token();

// Lowercase hex SHA-256 of the token: what storage keeps and looks the link up by.
std::string hash_link_token(std::string_view token);

// A cheap shape check before any lookup, so arbitrary path text never reaches storage.
bool looks_like_link_token(std::string_view text);

// True when the token hashes to `storedHash`, compared with CRYPTO_memcmp so the time taken does
// not tell how many leading characters matched.
bool link_token_matches(std::string_view token, std::string_view storedHash);

}  // namespace lockstep::executors::approval

// The secret in approval links: unguessable, URL-safe, kept only as a SHA-256 hash.
#include <catch2/catch.hpp>

#include <set>
#include <string>

#include "executors/approval/link_token.hpp"

using namespace lockstep::executors::approval;

TEST_CASE("link tokens carry 256 random bits in URL-safe characters and never repeat",
          "[approval]") {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    const std::string token = new_link_token();
    CHECK(token.size() == 43);
    CHECK(token.find_first_not_of(
              "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") ==
          std::string::npos);
    CHECK(looks_like_link_token(token));
    seen.insert(token);
  }
  CHECK(seen.size() == 1000);
}

TEST_CASE("a link token is stored as the lowercase hex SHA-256 of its text", "[approval]") {
  // FIPS 180-2's test vector.
  CHECK(hash_link_token("abc") ==
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  const std::string token = new_link_token();
  CHECK(hash_link_token(token).size() == 64);
  CHECK(hash_link_token(token).find(token) == std::string::npos);
}

TEST_CASE("only the token whose hash was stored matches it", "[approval]") {
  const std::string token = new_link_token();
  const std::string stored = hash_link_token(token);
  CHECK(link_token_matches(token, stored));
  CHECK_FALSE(link_token_matches(new_link_token(), stored));

  std::string last_differs = stored;
  last_differs.back() = last_differs.back() == '0' ? '1' : '0';
  CHECK_FALSE(link_token_matches(token, last_differs));
  CHECK_FALSE(link_token_matches(token, stored.substr(0, 63)));
  CHECK_FALSE(link_token_matches(token, ""));
}

TEST_CASE("text that cannot be a link token is refused before any lookup", "[approval]") {
  const std::string token = new_link_token();
  CHECK_FALSE(looks_like_link_token(""));
  CHECK_FALSE(looks_like_link_token(token.substr(1)));
  CHECK_FALSE(looks_like_link_token(token + "A"));
  CHECK_FALSE(looks_like_link_token(token.substr(1) + "/"));
  CHECK_FALSE(looks_like_link_token(token.substr(1) + "%"));
  CHECK_FALSE(looks_like_link_token(std::string(43, '.')));
}

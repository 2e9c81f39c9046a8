// The rules for single configuration values: listen addresses, levels, formats, AWS names.
#include <catch2/catch.hpp>

#include "config/value_checks.hpp"

using namespace lockstep::config;

TEST_CASE("a listen value splits into host and port", "[config]") {
  const auto v4 = parse_listen("127.0.0.1:8080");
  REQUIRE(v4);
  CHECK(v4->host == "127.0.0.1");
  CHECK(v4->port == 8080);

  const auto name = parse_listen("localhost:0");
  REQUIRE(name);
  CHECK(name->host == "localhost");
  CHECK(name->port == 0);

  const auto v6 = parse_listen("[::1]:65535");
  REQUIRE(v6);
  CHECK(v6->host == "::1");
  CHECK(v6->port == 65535);
}

TEST_CASE("a listen value that is not HOST:PORT is refused", "[config]") {
  for (const char* text :
       {"", "8080", ":8080", "localhost", "localhost:", "localhost:http", "localhost:65536",
        "localhost:-1", "::1:8080", "[::1]8080", "[]:80", "a b:80", "host:80 "}) {
    INFO(text);
    CHECK_FALSE(parse_listen(text));
    CHECK(check_listen(text));
  }
}

TEST_CASE("log levels and formats accept only the documented names", "[config]") {
  for (const char* level : {"trace", "debug", "info", "warn", "error"}) {
    CHECK_FALSE(check_log_level(level));
  }
  CHECK(check_log_level("verbose") == "must be one of trace, debug, info, warn, error");
  CHECK(check_log_level("INFO"));
  CHECK_FALSE(check_log_format("text"));
  CHECK_FALSE(check_log_format("json"));
  CHECK(check_log_format("xml") == "must be text or json");
}

TEST_CASE("an account id is exactly twelve digits", "[config]") {
  CHECK_FALSE(check_account_id("123456789012"));
  CHECK_FALSE(check_account_id("000000000000"));
  CHECK(check_account_id("12345678901"));
  CHECK(check_account_id("1234567890123"));
  CHECK(check_account_id("12345678901a"));
  CHECK(check_account_id(""));
}

TEST_CASE("regions look like AWS region names", "[config]") {
  CHECK_FALSE(check_region("us-east-1"));
  CHECK_FALSE(check_region("eu-central-2"));
  CHECK_FALSE(check_region("us-gov-west-1"));
  CHECK(check_region("US-EAST-1"));
  CHECK(check_region("useast1"));
  CHECK(check_region(""));
}

TEST_CASE("a public URL is empty or http or https", "[config]") {
  CHECK_FALSE(check_public_url(""));
  CHECK_FALSE(check_public_url("https://ci.example.com"));
  CHECK_FALSE(check_public_url("http://localhost:8080/lockstep"));
  CHECK(check_public_url("ci.example.com"));
  CHECK(check_public_url("https://"));
  CHECK(check_public_url("ftp://example.com"));
}

TEST_CASE("the data directory must be named", "[config]") {
  CHECK(check_required_path(""));
  CHECK_FALSE(check_required_path(".lockstep"));
  CHECK_FALSE(check_optional_path(""));
}

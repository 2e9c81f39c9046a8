// Finding the repository a source action reads, and naming it without its credentials.
#include <catch2/catch.hpp>

#include <variant>

#include "executors/local/source_repository.hpp"

using namespace lockstep;
using executors::local::GitSourceAction;
using executors::local::locate_repository;
using executors::local::redact_url;
using executors::local::SourceRepository;

TEST_CASE("URLs in messages keep no password or token") {
  CHECK(redact_url("https://x-access-token:ghp_abc@github.com/acme/web.git") ==
        "https://github.com/acme/web.git");
  CHECK(redact_url("https://ghp_abc@github.com/acme/web.git") == "https://github.com/acme/web.git");
  CHECK(redact_url("ssh://git:secret@example.com:2222/acme/web.git") ==
        "ssh://git@example.com:2222/acme/web.git");
  CHECK(redact_url("ssh://git@example.com/acme/web.git") == "ssh://git@example.com/acme/web.git");
  CHECK(redact_url("git@github.com:acme/web.git") == "git@github.com:acme/web.git");
  CHECK(redact_url("/srv/git/web.git") == "/srv/git/web.git");
  // An @ in the path is not user information.
  CHECK(redact_url("https://example.com/acme/w@b.git") == "https://example.com/acme/w@b.git");

  const SourceRepository repository{
      "acme/web", "https://robot:pw@example.com/web.git", {"tok", {}}};
  CHECK(repository.describe() == "acme/web (url https://example.com/web.git)");
  CHECK(repository.scrub("at https://robot:pw@example.com/web.git with tok") ==
        "at https://example.com/web.git with ***");
}

TEST_CASE("a configured repository is found by its id ignoring case with its credentials") {
  const std::vector<SourceRepository> configured{
      {"acme/web", "https://example.com/web.git", {"tok", {}}}};
  GitSourceAction source;
  source.repositoryId = "Acme/Web";
  const auto found = locate_repository(source, configured);
  REQUIRE(std::holds_alternative<SourceRepository>(found));
  CHECK(std::get<SourceRepository>(found).url == "https://example.com/web.git");
  CHECK(std::get<SourceRepository>(found).credentials.token == "tok");
}

TEST_CASE("a RepositoryUrl never receives the credentials of a configured repository") {
  const std::vector<SourceRepository> configured{
      {"acme/web", "https://example.com/web.git", {"tok", {}}}};
  GitSourceAction source;
  source.repositoryId = "acme/web";
  source.repositoryUrl = "https://elsewhere.example/web.git";
  const auto found = locate_repository(source, configured);
  REQUIRE(std::holds_alternative<SourceRepository>(found));
  CHECK(std::get<SourceRepository>(found).url == "https://elsewhere.example/web.git");
  CHECK(std::get<SourceRepository>(found).credentials.token.empty());
}

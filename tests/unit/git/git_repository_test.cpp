// The libgit2 wrapper against real repositories made with the git command line: mirrors,
// incremental fetches, commits, exports and working clones.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "executors/local/git.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/unit/git/http_git_server.hpp"
#include "tests/unit/git/upstream_repository.hpp"

namespace fs = std::filesystem;
using lockstep::executors::local::GitError;
using lockstep::executors::local::GitRepository;
using lockstep::executors::local::list_remote_refs;
using lockstep::testing::HttpGitServer;
using lockstep::testing::run_git;
using lockstep::testing::TempDir;
using lockstep::testing::UpstreamRepository;

namespace {

std::string read_file(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

TEST_CASE("a mirror fetch copies every branch and tag of the remote") {
  TempDir dir;
  UpstreamRepository upstream(dir / "upstream");
  const auto first = upstream.commit({{"README.md", "hello\n"}}, "First commit");
  upstream.git({"tag", "v1.0"});
  upstream.create_branch("feature/x");
  const auto feature = upstream.commit({{"x.txt", "x\n"}}, "Feature work");

  auto mirror = GitRepository::open_or_create_bare(dir / "mirror.git");
  mirror.fetch_mirror(upstream.url(), {});
  CHECK(mirror.branch_head("main") == first);
  CHECK(mirror.branch_head("feature/x") == feature);
  CHECK_FALSE(mirror.branch_head("release"));
  const auto upstream_refs = list_remote_refs(upstream.url(), {});
  CHECK(upstream_refs.at("refs/heads/main") == first);
  CHECK(upstream_refs.at("refs/heads/feature/x") == feature);
  CHECK(upstream_refs.count("refs/tags/v1.0") == 1);
  CHECK(list_remote_refs((dir / "mirror.git").string(), {}) == upstream_refs);
}

TEST_CASE("a second fetch transfers only the objects of new commits") {
  TempDir dir;
  UpstreamRepository upstream(dir / "upstream");
  std::map<std::string, std::string> files;
  for (int i = 0; i < 20; ++i) files["src/file" + std::to_string(i) + ".txt"] = std::to_string(i);
  upstream.commit(files, "Twenty files");

  auto mirror = GitRepository::open_or_create_bare(dir / "mirror.git");
  const auto initial = mirror.fetch_mirror(upstream.url(), {});
  // One commit, two trees and twenty blobs.
  CHECK(initial.received_objects == 23);

  const auto nothing_new = mirror.fetch_mirror(upstream.url(), {});
  CHECK(nothing_new.received_objects == 0);

  const auto next = upstream.commit({{"src/file3.txt", "changed"}}, "Change one file");
  const auto incremental = mirror.fetch_mirror(upstream.url(), {});
  // The new commit, its two changed trees and the one changed blob.
  CHECK(incremental.received_objects == 4);
  CHECK(mirror.branch_head("main") == next);
}

TEST_CASE("a branch deleted on the remote is gone from the mirror after the next fetch") {
  TempDir dir;
  UpstreamRepository upstream(dir / "upstream");
  upstream.commit({{"a", "a"}}, "A");
  upstream.create_branch("short-lived");
  upstream.switch_to("main");
  auto mirror = GitRepository::open_or_create_bare(dir / "mirror.git");
  mirror.fetch_mirror(upstream.url(), {});
  REQUIRE(mirror.branch_head("short-lived"));

  upstream.git({"branch", "-D", "short-lived"});
  mirror.fetch_mirror(upstream.url(), {});
  CHECK_FALSE(mirror.branch_head("short-lived"));
}

TEST_CASE("a commit is found by its full or abbreviated id with its message and signatures") {
  TempDir dir;
  UpstreamRepository upstream(dir / "upstream");
  const auto id = upstream.commit({{"a", "a"}}, "Subject line\n\nBody text", 1700000000);
  auto mirror = GitRepository::open_or_create_bare(dir / "mirror.git");
  mirror.fetch_mirror(upstream.url(), {});

  const auto commit = mirror.find_commit(id);
  REQUIRE(commit);
  CHECK(commit->id == id);
  CHECK(commit->message == "Subject line\n\nBody text\n");
  CHECK(commit->author.name == "Ada Lovelace");
  CHECK(commit->author.email == "ada@example.com");
  CHECK(commit->author.time == 1700000000);
  CHECK(commit->committer.name == "Charles Babbage");
  CHECK(commit->committer.time == 1700000060);

  const auto short_id = mirror.find_commit(id.substr(0, 10));
  REQUIRE(short_id);
  CHECK(short_id->id == id);
  CHECK_FALSE(mirror.find_commit("0123456789012345678901234567890123456789"));
  CHECK_FALSE(mirror.find_commit("not-a-commit"));
  // A tree id names an object, but not a commit.
  CHECK_FALSE(mirror.find_commit(upstream.git({"rev-parse", "HEAD^{tree}"})));
}

TEST_CASE("an export writes the commit's files without a .git folder") {
  TempDir dir;
  UpstreamRepository upstream(dir / "upstream");
  fs::create_directories(upstream.path() / "bin");
  std::ofstream(upstream.path() / "bin" / "run.sh") << "#!/bin/sh\necho hi\n";
  fs::permissions(upstream.path() / "bin" / "run.sh", fs::perms::owner_exec, fs::perm_options::add);
  const auto old = upstream.commit({{"README.md", "old\n"}}, "Old");
  fs::create_symlink("README.md", upstream.path() / "LINK");
  const auto head = upstream.commit({{"README.md", "new\n"}}, "New");
  auto mirror = GitRepository::open_or_create_bare(dir / "mirror.git");
  mirror.fetch_mirror(upstream.url(), {});

  mirror.export_tree(head, dir / "out");
  CHECK(read_file(dir / "out" / "README.md") == "new\n");
  CHECK_FALSE(fs::exists(dir / "out" / ".git"));
  CHECK((fs::status(dir / "out" / "bin" / "run.sh").permissions() & fs::perms::owner_exec) !=
        fs::perms::none);
  REQUIRE(fs::is_symlink(dir / "out" / "LINK"));
  CHECK(fs::read_symlink(dir / "out" / "LINK") == "README.md");

  mirror.export_tree(old, dir / "old");
  CHECK(read_file(dir / "old" / "README.md") == "old\n");
  CHECK_FALSE(fs::exists(dir / "old" / "LINK"));
  CHECK_THROWS_AS(mirror.export_tree("0123456789012345678901234567890123456789", dir / "none"),
                  GitError);
}

TEST_CASE("a working clone at a commit has HEAD there on the named branch") {
  TempDir dir;
  UpstreamRepository upstream(dir / "upstream");
  const auto pinned = upstream.commit({{"a.txt", "one\n"}}, "One");
  upstream.commit({{"a.txt", "two\n"}}, "Two");
  auto mirror = GitRepository::open_or_create_bare(dir / "mirror.git");
  mirror.fetch_mirror(upstream.url(), {});

  mirror.clone_at(pinned, dir / "clone", "main", "https://git.example.com/acme/web.git");
  CHECK(read_file(dir / "clone" / "a.txt") == "one\n");
  CHECK(run_git(dir / "clone", {"rev-parse", "HEAD"}) == pinned);
  CHECK(run_git(dir / "clone", {"symbolic-ref", "--short", "HEAD"}) == "main");
  CHECK(run_git(dir / "clone", {"status", "--porcelain"}).empty());
  CHECK(run_git(dir / "clone", {"remote", "get-url", "origin"}) ==
        "https://git.example.com/acme/web.git");
  CHECK(GitRepository::open(dir / "clone").head_commit() == pinned);
}

TEST_CASE("fetching from a folder that does not exist fails saying there is no repository") {
  TempDir dir;
  auto mirror = GitRepository::open_or_create_bare(dir / "mirror.git");
  try {
    mirror.fetch_mirror((dir / "nowhere").string(), {});
    FAIL("the fetch succeeded");
  } catch (const GitError& error) {
    CHECK(error.reason() == "there is no repository at " + (dir / "nowhere").string());
    CHECK_FALSE(error.is_authentication());
  }
}

TEST_CASE("an HTTPS token is sent as the password and a wrong one is refused") {
  TempDir dir;
  UpstreamRepository upstream(dir / "upstream");
  const auto head = upstream.commit({{"a", "a"}}, "A");
  run_git(dir.path(),
          {"clone", "--quiet", "--bare", upstream.url(), (dir / "served" / "web.git").string()});
  HttpGitServer server(dir / "served", "tok-123");

  auto mirror = GitRepository::open_or_create_bare(dir / "mirror.git");
  mirror.fetch_mirror(server.url("web.git"), {"tok-123", {}});
  CHECK(mirror.branch_head("main") == head);

  try {
    mirror.fetch_mirror(server.url("web.git"), {"wrong-token", {}});
    FAIL("a wrong token was accepted");
  } catch (const GitError& error) {
    CHECK(error.is_authentication());
    CHECK(error.reason() == "the remote refused the configured credentials");
  }
  try {
    mirror.fetch_mirror(server.url("web.git"), {});
    FAIL("no token was accepted");
  } catch (const GitError& error) {
    CHECK(error.is_authentication());
    CHECK(error.reason() == "the remote asks for credentials and none are configured");
  }
}

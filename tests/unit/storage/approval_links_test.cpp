// The approval links table: one set of links per attempt, found by token hash, closed together,
// and kept across a reopen of the file.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "storage/sqlite_store.hpp"
#include "tests/support/temp_dir.hpp"

using lockstep::engine::ApprovalLink;
using lockstep::engine::ApprovalStatus;
using lockstep::storage::SqliteStore;
using lockstep::testing::TempDir;

namespace {

ApprovalLink link(const std::string& hash, const std::string& attempt, ApprovalStatus decision,
                  std::int64_t expires = 10'000) {
  ApprovalLink l;
  l.tokenHash = hash;
  l.actionExecutionId = attempt;
  l.pipelineName = "P";
  l.pipelineExecutionId = "e-" + attempt;
  l.stageName = "Approval";
  l.actionName = "Release";
  l.approvalToken = "token-" + attempt;
  l.recipient = "alice@example.com";
  l.decision = decision;
  l.customData = "Ship it?";
  l.externalEntityLink = "https://example.com/review";
  l.expiresAt = expires;
  l.createdAt = 100;
  return l;
}

}  // namespace

TEST_CASE("approval links are found by their token hash with every detail they were stored with",
          "[approval]") {
  TempDir dir;
  const auto approve = link("aa", "a1", ApprovalStatus::Approved);
  const auto reject = link("bb", "a1", ApprovalStatus::Rejected);
  {
    auto store = SqliteStore::open(dir / "lockstep.db");
    REQUIRE(store->add_approval_links({approve, reject}, 100));
  }
  auto reopened = SqliteStore::open(dir / "lockstep.db");
  CHECK(reopened->find_approval_link("aa") == approve);
  CHECK(reopened->find_approval_link("bb") == reject);
  CHECK_FALSE(reopened->find_approval_link("cc"));
}

TEST_CASE("an attempt that already has links gets no second set", "[approval]") {
  TempDir dir;
  auto store = SqliteStore::open(dir / "lockstep.db");
  REQUIRE(store->add_approval_links({link("aa", "a1", ApprovalStatus::Approved)}, 100));
  CHECK_FALSE(store->add_approval_links({link("cc", "a1", ApprovalStatus::Approved)}, 200));
  CHECK_FALSE(store->find_approval_link("cc"));
  CHECK(store->add_approval_links({link("dd", "a2", ApprovalStatus::Approved)}, 200));
  CHECK(store->find_approval_link("dd"));
}

TEST_CASE("closing an attempt's links marks every one of them used once", "[approval]") {
  TempDir dir;
  auto store = SqliteStore::open(dir / "lockstep.db");
  REQUIRE(store->add_approval_links(
      {link("aa", "a1", ApprovalStatus::Approved), link("bb", "a1", ApprovalStatus::Rejected)},
      100));
  REQUIRE(store->add_approval_links({link("cc", "a2", ApprovalStatus::Approved)}, 100));

  store->close_approval_links("a1", 500);
  store->close_approval_links("a1", 900);  // the first use time is the one kept
  CHECK(store->find_approval_link("aa")->usedAt == 500);
  CHECK(store->find_approval_link("bb")->usedAt == 500);
  CHECK_FALSE(store->find_approval_link("cc")->usedAt);
}

TEST_CASE("links past their expiry are forgotten when new links are stored", "[approval]") {
  TempDir dir;
  auto store = SqliteStore::open(dir / "lockstep.db");
  REQUIRE(store->add_approval_links({link("old", "a1", ApprovalStatus::Approved, 1'000)}, 100));
  REQUIRE(store->add_approval_links({link("new", "a2", ApprovalStatus::Approved, 9'000)}, 5'000));
  CHECK_FALSE(store->find_approval_link("old"));
  CHECK(store->find_approval_link("new"));
}

// Recording webhook deliveries: the first answer is kept, survives reopening, and is per provider.
#include <catch2/catch.hpp>

#include "storage/sqlite_store.hpp"
#include "tests/support/temp_dir.hpp"

using lockstep::engine::WebhookDelivery;
using lockstep::storage::SqliteStore;
using lockstep::testing::TempDir;

namespace {

WebhookDelivery delivery(std::string provider, std::string id, std::string response) {
  return {std::move(provider), std::move(id), 1000, "ab12", std::move(response)};
}

}  // namespace

TEST_CASE("a recorded webhook delivery is found again after the database is reopened") {
  TempDir dir;
  {
    auto store = SqliteStore::open(dir / "lockstep.db");
    CHECK_FALSE(store->find_delivery("github", "d-1"));
    const auto stored = store->record_delivery(delivery("github", "d-1", R"({"status":200})"));
    CHECK(stored.response == R"({"status":200})");
  }
  auto store = SqliteStore::open(dir / "lockstep.db");
  const auto found = store->find_delivery("github", "d-1");
  REQUIRE(found);
  CHECK(*found == delivery("github", "d-1", R"({"status":200})"));
}

TEST_CASE("recording a delivery id twice keeps the first answer") {
  TempDir dir;
  auto store = SqliteStore::open(dir / "lockstep.db");
  store->record_delivery(delivery("github", "d-1", "first"));
  const auto second = store->record_delivery(delivery("github", "d-1", "second"));
  CHECK(second.response == "first");
  CHECK(store->find_delivery("github", "d-1")->response == "first");
}

TEST_CASE("the same delivery id from two providers is two deliveries") {
  TempDir dir;
  auto store = SqliteStore::open(dir / "lockstep.db");
  store->record_delivery(delivery("github", "same", "from github"));
  const auto gitlab = store->record_delivery(delivery("gitlab", "same", "from gitlab"));
  CHECK(gitlab.response == "from gitlab");
  CHECK(store->find_delivery("github", "same")->response == "from github");
}

TEST_CASE("deliveries recorded together keep the first answer of an id that comes twice") {
  TempDir dir;
  auto store = SqliteStore::open(dir / "lockstep.db");
  const auto stored = store->record_deliveries({delivery("github", "d-1", "first"),
                                                delivery("github", "d-2", "other"),
                                                delivery("github", "d-1", "second")});
  REQUIRE(stored.size() == 3);
  CHECK(stored[0].response == "first");
  CHECK(stored[1].response == "other");
  CHECK(stored[2].response == "first");
  CHECK(store->find_delivery("github", "d-1")->response == "first");
  CHECK(store->find_delivery("github", "d-2")->response == "other");
}

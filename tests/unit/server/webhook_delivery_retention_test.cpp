// Webhook deliveries past webhooks.delivery_retention_hours are deleted, in small batches, from
// a real SQLite file, with a clock the test moves.
#include <catch2/catch.hpp>

#include <boost/asio/io_context.hpp>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "engine/clock.hpp"
#include "server/webhook_delivery_retention.hpp"
#include "storage/sqlite.hpp"
#include "storage/sqlite_store.hpp"
#include "tests/support/temp_dir.hpp"

using lockstep::engine::ManualClock;
using lockstep::engine::Timestamp;
using lockstep::engine::WebhookDelivery;
using lockstep::server::DeliveryRetention;
using lockstep::server::DeliveryRetentionOptions;
using lockstep::storage::SqliteStore;
using lockstep::testing::TempDir;

namespace {

constexpr Timestamp kHour = 3'600'000;
constexpr Timestamp kStart = 1'780'000'000'000;

void record(SqliteStore& store, const std::string& prefix, int count, Timestamp received_at) {
  std::vector<WebhookDelivery> deliveries;
  for (int i = 0; i < count; ++i) {
    deliveries.push_back({"github", prefix + std::to_string(i), received_at, "ab12", "{}"});
  }
  store.record_deliveries(deliveries);
}

std::int64_t stored_rows(const std::filesystem::path& file) {
  auto db = lockstep::storage::Database::open(file, lockstep::storage::OpenMode::ReadOnly, 1000);
  auto query = db.prepare("SELECT COUNT(*) FROM webhook_deliveries");
  query.step();
  return query.column_int64(0);
}

}  // namespace

TEST_CASE("webhook deliveries older than the retention are deleted and newer ones are kept") {
  TempDir dir;
  auto store = SqliteStore::open(dir / "lockstep.db");
  ManualClock clock(kStart);
  boost::asio::io_context io;
  auto retention = std::make_shared<DeliveryRetention>(
      io.get_executor(), *store, clock, DeliveryRetentionOptions{std::chrono::hours(72)});

  record(*store, "old-", 3, kStart);
  record(*store, "new-", 2, kStart + 10 * kHour);

  clock.set(kStart + 72 * kHour);  // exactly the retention: nothing is older yet
  CHECK(retention->sweep_batch() == 0);
  CHECK(store->find_delivery("github", "old-0"));

  clock.set(kStart + 72 * kHour + 1);
  CHECK(retention->sweep_batch() == 3);
  CHECK_FALSE(store->find_delivery("github", "old-0"));
  CHECK_FALSE(store->find_delivery("github", "old-2"));
  CHECK(store->find_delivery("github", "new-0"));
  CHECK(store->find_delivery("github", "new-1"));
  CHECK(stored_rows(dir / "lockstep.db") == 2);
}

TEST_CASE("the periodic sweep clears a backlog larger than one batch and then waits") {
  TempDir dir;
  auto store = SqliteStore::open(dir / "lockstep.db");
  ManualClock clock(kStart);
  boost::asio::io_context io;
  DeliveryRetentionOptions options;
  options.retention = std::chrono::hours(1);
  options.period = std::chrono::hours(1);
  options.batch = 50;
  auto retention = std::make_shared<DeliveryRetention>(io.get_executor(), *store, clock, options);

  record(*store, "old-", 120, kStart);
  record(*store, "recent-", 5, kStart + kHour);
  clock.set(kStart + kHour + 1);
  retention->start();
  // Runs every handler that is ready: the three batches (50, 50, 20), not the next sweep's timer.
  io.poll();
  CHECK(stored_rows(dir / "lockstep.db") == 5);
  CHECK(store->find_delivery("github", "recent-4"));

  retention->stop();
  io.poll();
  CHECK(io.stopped());  // the next sweep's timer was cancelled: no work is left
}

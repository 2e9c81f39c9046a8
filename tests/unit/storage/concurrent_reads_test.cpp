// Queries run on read connections: they neither wait for the writer nor see uncommitted state.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <future>
#include <latch>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "engine/pipeline_json.hpp"
#include "storage/sqlite.hpp"
#include "storage/sqlite_store.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/unit/storage/sample_pipeline.hpp"

using lockstep::storage::Database;
using lockstep::storage::OpenMode;
using lockstep::storage::SqliteStore;
using lockstep::storage::StoreOptions;
using lockstep::storage::Transaction;
using lockstep::testing::sample_pipeline;
using lockstep::testing::TempDir;
using namespace std::chrono_literals;

namespace {

// Far above what a read needs and far below the busy timeout: a read that waited for the writer's
// lock would take the whole busy timeout, and a read that failed would throw.
constexpr auto kReadBound = 2s;
constexpr int kBusyTimeoutMs = 20000;

std::string branch_of(const lockstep::engine::StoredPipeline& stored) {
  return stored.declaration.stages.at(0).actions.at(0).configuration.at("BranchName");
}

}  // namespace

TEST_CASE("a query answers from the last commit while another connection holds the write lock") {
  TempDir dir;
  const auto file = dir / "lockstep.db";
  auto store = SqliteStore::open(file, StoreOptions{2, kBusyTimeoutMs});
  store->put_pipeline(sample_pipeline("demo", "committed"), 1);

  auto writer = Database::open(file, OpenMode::ReadWriteCreate, kBusyTimeoutMs);
  Transaction transaction(writer);  // BEGIN IMMEDIATE: holds the write lock from here on
  auto json = lockstep::engine::to_json(sample_pipeline("demo", "uncommitted"));
  json.erase("version");
  writer
      .prepare(
          "INSERT INTO pipeline_versions (pipeline_name, version, declaration, pipeline_type, "
          "execution_mode, created) VALUES ('demo', 2, ?1, 'V1', 'SUPERSEDED', 2)")
      .bind(1, json.dump())
      .run();
  writer.exec("UPDATE pipelines SET current_version = 2, updated = 2 WHERE name = 'demo'");

  auto during = std::async(std::launch::async, [&] { return store->get_pipeline("demo"); });
  REQUIRE(during.wait_for(kReadBound) == std::future_status::ready);
  auto seen = during.get();
  REQUIRE(seen);
  CHECK(seen->declaration.version == 1);
  CHECK(branch_of(*seen) == "committed");

  auto listed = std::async(std::launch::async, [&] { return store->list_pipelines(); });
  REQUIRE(listed.wait_for(kReadBound) == std::future_status::ready);
  auto list = listed.get();
  REQUIRE(list.size() == 1);
  CHECK(list[0].version == 1);

  transaction.commit();
  auto after = store->get_pipeline("demo");
  REQUIRE(after);
  CHECK(after->declaration.version == 2);
  CHECK(branch_of(*after) == "uncommitted");
}

TEST_CASE("queries beside a writer committing in a loop see only committed versions in order") {
  TempDir dir;
  auto store = SqliteStore::open(dir / "lockstep.db", StoreOptions{3, kBusyTimeoutMs});
  store->put_pipeline(sample_pipeline("demo", "b1"), 1);

  constexpr int kReaders = 3;
  constexpr int kLastVersion = 60;
  std::atomic<int> attempted{1};  // raised before a put starts
  std::atomic<int> committed{1};  // raised after a put returned
  std::atomic<bool> writer_done{false};
  std::latch start(kReaders + 1);

  std::mutex failures_mutex;
  std::vector<std::string> failures;
  auto fail = [&](std::string what) {
    std::lock_guard lock(failures_mutex);
    failures.push_back(std::move(what));
  };

  std::vector<int> reads(kReaders, 0);
  std::vector<std::chrono::steady_clock::duration> slowest(kReaders, 0s);
  std::vector<std::thread> readers;
  for (int r = 0; r < kReaders; ++r) {
    readers.emplace_back([&, r] {
      start.arrive_and_wait();
      int last_seen = 0;
      do {
        const int lower = committed.load();
        const auto began = std::chrono::steady_clock::now();
        try {
          auto stored = store->get_pipeline("demo");
          const int upper = attempted.load();
          slowest[r] = std::max(slowest[r], std::chrono::steady_clock::now() - began);
          if (!stored) {
            fail("pipeline not found");
            continue;
          }
          const int version = stored->declaration.version;
          if (version < lower || version > upper) {
            fail("version " + std::to_string(version) + " outside committed range " +
                 std::to_string(lower) + ".." + std::to_string(upper));
          }
          if (version < last_seen) fail("versions went backwards");
          if (branch_of(*stored) != "b" + std::to_string(version)) {
            fail("version " + std::to_string(version) + " has another version's declaration");
          }
          last_seen = version;
          ++reads[r];
        } catch (const std::exception& error) {
          fail(std::string("read failed: ") + error.what());
        }
      } while (!writer_done.load());
    });
  }

  std::thread writer([&] {
    start.arrive_and_wait();
    for (int version = 2; version <= kLastVersion; ++version) {
      attempted.store(version);
      const auto result =
          store->put_pipeline(sample_pipeline("demo", "b" + std::to_string(version)), version);
      if (result.version != version) fail("writer stored version " + std::to_string(version));
      committed.store(version);
    }
    writer_done.store(true);
  });

  writer.join();
  for (auto& reader : readers) reader.join();

  for (const auto& failure : failures) UNSCOPED_INFO(failure);
  CHECK(failures.empty());
  for (int r = 0; r < kReaders; ++r) {
    INFO("reader " << r);
    CHECK(reads[r] > 0);
    CHECK(slowest[r] < kReadBound);
  }
  auto final_state = store->get_pipeline("demo");
  REQUIRE(final_state);
  CHECK(final_state->declaration.version == kLastVersion);
}

// engine::WebhookDeliveries on SQLite: one row per (provider, delivery id), first answer wins.
#include <string>

#include "storage/sqlite.hpp"
#include "storage/sqlite_store.hpp"
#include "storage/sqlite_store_impl.hpp"

namespace lockstep::storage {

namespace {

constexpr const char* kSelect =
    "SELECT provider, delivery_id, received_at, payload_hash, response FROM webhook_deliveries "
    "WHERE provider = ?1 AND delivery_id = ?2";

engine::WebhookDelivery read_row(Statement& row) {
  engine::WebhookDelivery delivery;
  delivery.provider = row.column_text(0);
  delivery.deliveryId = row.column_text(1);
  delivery.receivedAt = row.column_int64(2);
  delivery.payloadHash = row.column_text(3);
  delivery.response = row.column_text(4);
  return delivery;
}

// Inside the caller's transaction: the delivery as stored after this insert.
engine::WebhookDelivery insert_or_find(Database& db, const engine::WebhookDelivery& delivery) {
  {
    // DO NOTHING: a copy of the delivery that was answered first keeps its answer.
    auto insert = db.cached(
        "INSERT INTO webhook_deliveries "
        "(provider, delivery_id, received_at, payload_hash, response) VALUES (?1, ?2, ?3, ?4, ?5) "
        "ON CONFLICT (provider, delivery_id) DO NOTHING");
    insert->bind(1, delivery.provider)
        .bind(2, delivery.deliveryId)
        .bind(3, delivery.receivedAt)
        .bind(4, delivery.payloadHash)
        .bind(5, delivery.response)
        .run();
    if (db.changes() > 0) return delivery;
  }
  auto query = db.cached(kSelect);
  query->bind(1, delivery.provider).bind(2, delivery.deliveryId);
  if (!query->step()) throw StorageError("a webhook delivery vanished while it was recorded");
  return read_row(*query);
}

}  // namespace

std::optional<engine::WebhookDelivery> SqliteStore::find_delivery(
    std::string_view provider, std::string_view delivery_id) const {
  auto db = impl_->readers.acquire();
  auto query = db->cached(kSelect);
  query->bind(1, provider).bind(2, delivery_id);
  if (!query->step()) return std::nullopt;
  return read_row(*query);
}

engine::WebhookDelivery SqliteStore::record_delivery(const engine::WebhookDelivery& delivery) {
  return record_deliveries({delivery}).front();
}

std::vector<engine::WebhookDelivery> SqliteStore::record_deliveries(
    const std::vector<engine::WebhookDelivery>& deliveries) {
  std::vector<engine::WebhookDelivery> stored;
  stored.reserve(deliveries.size());
  std::lock_guard lock(impl_->writer_mutex);
  Database& db = impl_->writer;
  Transaction transaction(db);
  for (const auto& delivery : deliveries) stored.push_back(insert_or_find(db, delivery));
  transaction.commit();
  return stored;
}

std::size_t SqliteStore::forget_deliveries_before(engine::Timestamp cutoff, std::size_t limit) {
  std::lock_guard lock(impl_->writer_mutex);
  Database& db = impl_->writer;
  // Oldest first through the received_at index; one statement is its own short transaction.
  auto remove = db.cached(
      "DELETE FROM webhook_deliveries WHERE rowid IN (SELECT rowid FROM webhook_deliveries "
      "WHERE received_at < ?1 ORDER BY received_at LIMIT ?2)");
  remove->bind(1, cutoff).bind(2, static_cast<std::int64_t>(limit)).run();
  return static_cast<std::size_t>(db.changes());
}

}  // namespace lockstep::storage

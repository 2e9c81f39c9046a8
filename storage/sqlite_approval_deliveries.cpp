// The approval notifications waiting to be sent (approval_deliveries, schema version 5): read
// back after a restart, and marked once sent or given up.
#include <string>

#include "storage/sqlite.hpp"
#include "storage/sqlite_store.hpp"
#include "storage/sqlite_store_impl.hpp"

namespace lockstep::storage {

std::vector<engine::ApprovalDelivery> SqliteStore::pending_approval_deliveries(
    engine::Timestamp now) const {
  auto db = impl_->readers.acquire();
  auto query = db->cached(
      "SELECT d.id, d.action_execution_id, d.channel, d.recipient, d.message, d.attempts "
      "FROM approval_deliveries d WHERE d.message IS NOT NULL AND EXISTS (SELECT 1 FROM "
      "approval_links l WHERE l.action_execution_id = d.action_execution_id AND l.used_at IS "
      "NULL AND l.expires_at >= ?1) ORDER BY d.id");
  query->bind(1, now);
  std::vector<engine::ApprovalDelivery> pending;
  while (query->step()) {
    engine::ApprovalDelivery delivery;
    delivery.id = query->column_int64(0);
    delivery.actionExecutionId = query->column_text(1);
    delivery.channel = query->column_text(2);
    delivery.recipient = query->column_text(3);
    delivery.message = query->column_text(4);
    delivery.attempts = query->column_int(5);
    pending.push_back(std::move(delivery));
  }
  return pending;
}

void SqliteStore::record_approval_delivery(std::int64_t id, engine::DeliveryOutcome outcome,
                                           engine::Timestamp now) {
  std::lock_guard lock(impl_->writer_mutex);
  const char* sql = nullptr;
  switch (outcome) {
    case engine::DeliveryOutcome::Sent:
      sql = "UPDATE approval_deliveries SET message = NULL, sent_at = ?2 WHERE id = ?1";
      break;
    case engine::DeliveryOutcome::Failed:
      sql = "UPDATE approval_deliveries SET attempts = attempts + 1 WHERE id = ?1 AND ?2 = ?2";
      break;
    case engine::DeliveryOutcome::GaveUp:
      sql =
          "UPDATE approval_deliveries SET message = NULL, attempts = attempts + 1, "
          "given_up_at = ?2 WHERE id = ?1";
      break;
  }
  auto update = impl_->writer.cached(sql);
  update->bind(1, id).bind(2, now).run();
}

}  // namespace lockstep::storage

// engine::ApprovalLinkStore on SQLite: the approval_links table of schema version 4, stored with
// their deliveries (schema version 5, sqlite_approval_deliveries.cpp).
#include <string>
#include <utility>

#include "storage/sqlite_store.hpp"
#include "storage/sqlite_store_impl.hpp"

namespace lockstep::storage {

namespace {

const char* decision_text(engine::ApprovalStatus status) {
  return status == engine::ApprovalStatus::Approved ? "Approved" : "Rejected";
}

engine::ApprovalStatus parse_decision(const std::string& text) {
  if (text == "Approved") return engine::ApprovalStatus::Approved;
  if (text == "Rejected") return engine::ApprovalStatus::Rejected;
  throw StorageError("the database holds an unknown approval link decision '" + text + "'");
}

}  // namespace

bool SqliteStore::add_approval_links(const std::vector<engine::ApprovalLink>& links,
                                     const std::vector<engine::ApprovalDelivery>& deliveries,
                                     engine::Timestamp now) {
  if (links.empty()) return true;
  std::lock_guard lock(impl_->writer_mutex);
  Database& db = impl_->writer;
  Transaction transaction(db);
  {
    auto prune = db.cached("DELETE FROM approval_links WHERE expires_at < ?1");
    prune->bind(1, now).run();
  }
  {
    // Deliveries of approvals that no longer wait go nowhere; their tokens are not kept.
    auto give_up = db.cached(
        "UPDATE approval_deliveries SET message = NULL, given_up_at = ?1 "
        "WHERE message IS NOT NULL AND NOT EXISTS (SELECT 1 FROM approval_links l "
        "WHERE l.action_execution_id = approval_deliveries.action_execution_id "
        "AND l.used_at IS NULL)");
    give_up->bind(1, now).run();
  }
  {
    auto existing = db.cached("SELECT 1 FROM approval_links WHERE action_execution_id = ?1");
    existing->bind(1, links.front().actionExecutionId);
    if (existing->step()) return false;  // the transaction rolls back: nothing changes
  }
  auto insert = db.cached(
      "INSERT INTO approval_links (token_hash, action_execution_id, pipeline_name, "
      "pipeline_execution_id, stage_name, action_name, approval_token, recipient, decision, "
      "custom_data, external_entity_link, expires_at, created_at, used_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)");
  for (const engine::ApprovalLink& link : links) {
    insert->bind(1, link.tokenHash)
        .bind(2, link.actionExecutionId)
        .bind(3, link.pipelineName)
        .bind(4, link.pipelineExecutionId)
        .bind(5, link.stageName)
        .bind(6, link.actionName)
        .bind(7, link.approvalToken)
        .bind(8, link.recipient)
        .bind(9, decision_text(link.decision))
        .bind(10, link.customData)
        .bind(11, link.externalEntityLink)
        .bind(12, link.expiresAt)
        .bind(13, link.createdAt)
        .bind(14, link.usedAt);
    insert->run();
    insert->reset();
  }
  auto deliver = db.cached(
      "INSERT INTO approval_deliveries (action_execution_id, channel, recipient, message, "
      "attempts, created_at) VALUES (?1, ?2, ?3, ?4, 0, ?5)");
  for (const engine::ApprovalDelivery& delivery : deliveries) {
    deliver->bind(1, delivery.actionExecutionId)
        .bind(2, delivery.channel)
        .bind(3, delivery.recipient)
        .bind(4, delivery.message)
        .bind(5, now);
    deliver->run();
    deliver->reset();
  }
  transaction.commit();
  return true;
}

std::optional<engine::ApprovalLink> SqliteStore::find_approval_link(
    std::string_view tokenHash) const {
  auto db = impl_->readers.acquire();
  auto query = db->cached(
      "SELECT token_hash, action_execution_id, pipeline_name, pipeline_execution_id, stage_name, "
      "action_name, approval_token, recipient, decision, custom_data, external_entity_link, "
      "expires_at, created_at, used_at FROM approval_links WHERE token_hash = ?1");
  query->bind(1, tokenHash);
  if (!query->step()) return std::nullopt;
  engine::ApprovalLink link;
  link.tokenHash = query->column_text(0);
  link.actionExecutionId = query->column_text(1);
  link.pipelineName = query->column_text(2);
  link.pipelineExecutionId = query->column_text(3);
  link.stageName = query->column_text(4);
  link.actionName = query->column_text(5);
  link.approvalToken = query->column_text(6);
  link.recipient = query->column_text(7);
  link.decision = parse_decision(query->column_text(8));
  link.customData = query->column_text(9);
  link.externalEntityLink = query->column_text(10);
  link.expiresAt = query->column_int64(11);
  link.createdAt = query->column_int64(12);
  link.usedAt = query->column_optional_int64(13);
  return link;
}

void SqliteStore::close_approval_links(std::string_view actionExecutionId, engine::Timestamp now) {
  std::lock_guard lock(impl_->writer_mutex);
  Transaction transaction(impl_->writer);
  auto update = impl_->writer.cached(
      "UPDATE approval_links SET used_at = ?2 WHERE action_execution_id = ?1 AND used_at IS NULL");
  update->bind(1, actionExecutionId).bind(2, now).run();
  auto give_up = impl_->writer.cached(
      "UPDATE approval_deliveries SET message = NULL, given_up_at = ?2 "
      "WHERE action_execution_id = ?1 AND message IS NOT NULL");
  give_up->bind(1, actionExecutionId).bind(2, now).run();
  transaction.commit();
}

}  // namespace lockstep::storage

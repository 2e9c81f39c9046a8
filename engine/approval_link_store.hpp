// Where the one-time approval links sent by email live: only a hash of each link's token is kept.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/clock.hpp"
#include "engine/commands.hpp"

namespace lockstep::engine {

// One link: following it with a comment records `decision` for one waiting approval attempt.
struct ApprovalLink {
  std::string tokenHash;  // lowercase hex SHA-256 of the token in the link; the token is not kept
  std::string actionExecutionId;
  std::string pipelineName;
  std::string pipelineExecutionId;
  std::string stageName;
  std::string actionName;
  std::string approvalToken;  // the attempt's PutApprovalResult token, presented on its behalf
  std::string recipient;      // who the link was sent to; recorded as the approver
  ApprovalStatus decision = ApprovalStatus::Approved;
  std::string customData;
  std::string externalEntityLink;
  Timestamp expiresAt = 0;
  Timestamp createdAt = 0;
  std::optional<Timestamp> usedAt;  // set once the attempt is decided, through any link or not

  bool operator==(const ApprovalLink&) const = default;
};

// One notification of an approval to one recipient, stored in the same transaction as the links
// it carries, so that a crash between storing and sending loses no mail: whatever is still
// pending is sent after the restart.
struct ApprovalDelivery {
  std::int64_t id = 0;  // assigned by the store
  std::string actionExecutionId;
  std::string channel;    // "mail", "webhook" or "sns"
  std::string recipient;  // the mail address; the webhook's or topic's address is configuration
  // What goes out. It holds the links' tokens, so the store erases it once sent or given up.
  std::string message;
  int attempts = 0;  // failed attempts so far

  bool operator==(const ApprovalDelivery&) const = default;
};

enum class DeliveryOutcome {
  Sent,    // done: the message is erased
  Failed,  // counted; still pending
  GaveUp,  // not sent and never retried: the message is erased
};

class ApprovalLinkStore {
 public:
  virtual ~ApprovalLinkStore() = default;

  // Stores the links of one attempt with the deliveries that carry them, all of them or, when
  // that attempt already has links (a restart handed it over again), none: returns false then.
  // Links whose expiry is older than `now` are forgotten on the way, and deliveries whose
  // approval no longer waits are given up.
  virtual bool add_approval_links(const std::vector<ApprovalLink>& links,
                                  const std::vector<ApprovalDelivery>& deliveries,
                                  Timestamp now) = 0;
  bool add_approval_links(const std::vector<ApprovalLink>& links, Timestamp now) {
    return add_approval_links(links, {}, now);
  }

  // Deliveries not yet sent whose approval still waits (an open link that has not expired by
  // `now`), oldest first.
  virtual std::vector<ApprovalDelivery> pending_approval_deliveries(Timestamp now) const = 0;

  // Records what became of one attempt to send a delivery.
  virtual void record_approval_delivery(std::int64_t id, DeliveryOutcome outcome,
                                        Timestamp now) = 0;

  // The link whose token hashes to `tokenHash`, if any.
  virtual std::optional<ApprovalLink> find_approval_link(std::string_view tokenHash) const = 0;

  // Every link of the attempt refuses from now on; the first use time is kept. Its deliveries
  // still pending are given up.
  virtual void close_approval_links(std::string_view actionExecutionId, Timestamp now) = 0;
};

}  // namespace lockstep::engine

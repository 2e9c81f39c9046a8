// Where the one-time approval links sent by email live: only a hash of each link's token is kept.
#pragma once

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

class ApprovalLinkStore {
 public:
  virtual ~ApprovalLinkStore() = default;

  // Stores the links of one attempt, all of them or, when that attempt already has links (a
  // restart handed it over again), none: returns false then. Links whose expiry is older than
  // `now` are forgotten on the way: their approval has timed out.
  virtual bool add_approval_links(const std::vector<ApprovalLink>& links, Timestamp now) = 0;

  // The link whose token hashes to `tokenHash`, if any.
  virtual std::optional<ApprovalLink> find_approval_link(std::string_view tokenHash) const = 0;

  // Every link of the attempt refuses from now on; the first use time is kept.
  virtual void close_approval_links(std::string_view actionExecutionId, Timestamp now) = 0;
};

}  // namespace lockstep::engine

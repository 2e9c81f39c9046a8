// The pages behind the one-time links of approval mails: GET shows the approval and a comment
// box, POST records the link's decision through the engine as an ApprovalResult.
#pragma once

#include <boost/asio/any_io_executor.hpp>

#include "engine/approval_link_store.hpp"
#include "engine/clock.hpp"
#include "engine/orchestrator.hpp"
#include "server/router.hpp"

namespace lockstep::server {

struct ApprovalPageDeps {
  engine::ApprovalLinkStore& links;
  engine::Orchestrator& orchestrator;
  const engine::Clock& clock;
  // Where storage writes after a decision run, so they never hold up the engine's strand.
  boost::asio::any_io_executor background;
};

// GET and POST /approvals/{token}.
void add_approval_routes(Router& router, ApprovalPageDeps deps);

}  // namespace lockstep::server

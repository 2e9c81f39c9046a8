// GitLab's webhook payloads (Push Hook, Tag Push Hook, Merge Request Hook) as trigger events
// (SEMANTICS §16.3a).
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "server/webhook_event.hpp"

namespace lockstep::server {

// project.path_with_namespace ("group/subgroup/project"), or empty when absent.
std::string gitlab_repository(const nlohmann::json& payload);

// Reads a delivery whose X-Gitlab-Event is `event`; missing fields are added to `problems`.
//
// Choices the spec leaves open:
// * A push whose `before` is all zeros creates the ref; one whose `after` is all zeros deletes it.
// * The pinned commit is checkout_sha (the commit a tag points at), else `after`.
// * push: the changed files are the union of the listed commits' added, modified and removed
//   paths (GitLab lists the newest 20 commits of a push).
// * Merge Request Hook: open and reopen are OPEN; update is UPDATED only when it carries
//   object_attributes.oldrev (new commits were pushed), other updates (title, labels) are
//   ignored; merge and close are CLOSED; approvals are ignored. The changed files are unknown,
//   so a filePaths filter never matches a merge request event.
WebhookEvent read_gitlab_event(std::string_view event, const nlohmann::json& payload,
                               std::vector<std::string>& problems);

}  // namespace lockstep::server

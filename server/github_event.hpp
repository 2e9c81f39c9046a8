// GitHub's webhook payloads (push, pull_request, ping) as trigger events (SEMANTICS §16.3a).
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "server/webhook_event.hpp"

namespace lockstep::server {

// repository.full_name, or empty when the payload names no repository (an organization's ping).
std::string github_repository(const nlohmann::json& payload);

// Reads a delivery of type `event` (X-GitHub-Event). Fields the event needs but the payload
// lacks are added to `problems`; the result is then meaningless.
//
// Choices the spec leaves open:
// * push: the changed files are the union of every listed commit's added, modified and removed
//   paths. GitHub lists at most 20 commits (and 3000 files per commit), so a longer push is judged
//   by the files of the commits it lists.
// * pull_request: the payload carries no file list (it would take an API call per event), so the
//   changed files are unknown: a pull request filter with filePaths never matches, and the reason
//   says so. opened and reopened are OPEN, synchronize UPDATED, closed CLOSED; other actions are
//   ignored.
// * A tag push pins the tagged commit (head_commit.id), which for an annotated tag differs from
//   `after` (the tag object).
WebhookEvent read_github_event(std::string_view event, const nlohmann::json& payload,
                               std::vector<std::string>& problems);

}  // namespace lockstep::server

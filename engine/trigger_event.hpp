// What a Git webhook delivery or a poll means to pipelines, provider-neutral (SEMANTICS §16.3a).
#pragma once

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/pipeline_declaration.hpp"

namespace lockstep::engine {

enum class TriggerEventKind { Push, PullRequest };
enum class RefKind { Branch, Tag };
// A poll only changes the trigger type of default change detection (PollForSourceChanges).
enum class TriggerOrigin { Webhook, Poll };

// Only the first 100 changed files are judged by a filePaths filter (SEMANTICS §16.3).
inline constexpr std::size_t kChangedFilesConsidered = 100;

struct TriggerEvent {
  TriggerOrigin origin = TriggerOrigin::Webhook;
  std::string provider;    // "GitHub", "GitLab": for messages only
  std::string repository;  // as a source action's FullRepositoryId: owner/name, GitLab group/name
  TriggerEventKind kind = TriggerEventKind::Push;

  // Push: the ref, without refs/heads/ or refs/tags/.
  RefKind refKind = RefKind::Branch;
  std::string ref;
  bool created = false;  // the push creates the branch: the changed files are unknown
  bool deleted = false;  // the push deletes the branch or tag

  // Pull request: what happened, and between which branches.
  PullRequestEvent pullRequestEvent = PullRequestEvent::Open;
  std::string pullRequestId;  // "12" for GitHub #12 or GitLab !12; messages only
  std::string sourceBranch;
  std::string destinationBranch;

  // Push: the new head of the ref, or the tagged commit. Pull request: the source branch's head.
  std::string commitId;
  std::string commitMessage;
  // Paths relative to the repository root; nullopt = unknown (a filePaths filter then never
  // matches). The mapping sorts them byte-wise (canonical_changed_files); matching judges the
  // first kChangedFilesConsidered in the order given.
  std::optional<std::vector<std::string>> changedFiles;

  // Identifies the delivery for triggerDetail when the source action has no ConnectionArn
  // ("GitHub delivery 72d3162e-..."); may be empty.
  std::string detail;

  static TriggerEvent branch_push(std::string repository, std::string branch, std::string commit,
                                  std::optional<std::vector<std::string>> files = {}) {
    TriggerEvent e;
    e.repository = std::move(repository);
    e.ref = std::move(branch);
    e.commitId = std::move(commit);
    e.changedFiles = std::move(files);
    return e;
  }
  static TriggerEvent tag_push(std::string repository, std::string tag, std::string commit) {
    TriggerEvent e;
    e.repository = std::move(repository);
    e.refKind = RefKind::Tag;
    e.ref = std::move(tag);
    e.commitId = std::move(commit);
    return e;
  }
  static TriggerEvent pull_request(std::string repository, PullRequestEvent event,
                                   std::string source_branch, std::string destination_branch,
                                   std::string head_commit,
                                   std::optional<std::vector<std::string>> files = {}) {
    TriggerEvent e;
    e.repository = std::move(repository);
    e.kind = TriggerEventKind::PullRequest;
    e.pullRequestEvent = event;
    e.sourceBranch = std::move(source_branch);
    e.destinationBranch = std::move(destination_branch);
    e.commitId = std::move(head_commit);
    e.changedFiles = std::move(files);
    return e;
  }

  bool operator==(const TriggerEvent&) const = default;
};

// Providers list changed files in no useful order; sorting byte-wise (and dropping repeats across
// commits) makes "the first 100" deterministic (SEMANTICS §16.3a).
inline std::vector<std::string> canonical_changed_files(std::vector<std::string> files) {
  std::sort(files.begin(), files.end());
  files.erase(std::unique(files.begin(), files.end()), files.end());
  return files;
}

}  // namespace lockstep::engine

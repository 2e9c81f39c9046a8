// Which Git repository a source action reads (AWS/CodeStarSourceConnection, ThirdParty/GitHub,
// AWS/CodeCommit), how to reach it, and how to name it in messages without its credentials.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>

#include "engine/pipeline_declaration.hpp"
#include "executors/local/git.hpp"

namespace lockstep::executors::local {

enum class GitSourceProvider { CodeStarSourceConnection, GitHub, CodeCommit };

// A Git source action's configuration, whatever its provider calls the keys.
struct GitSourceAction {
  GitSourceProvider provider = GitSourceProvider::CodeStarSourceConnection;
  std::string repositoryId;  // FullRepositoryId, Owner/Repo (GitHub) or RepositoryName
  std::string branch;        // BranchName, or Branch (GitHub)
  bool cloneRef = false;     // OutputArtifactFormat CODEBUILD_CLONE_REF (default CODE_ZIP)
  std::string connectionArn;
  std::string repositoryUrl;  // our extension: any URL or local path libgit2 opens
  std::string oauthToken;     // GitHub's OAuthToken
  // DetectChanges / PollForSourceChanges: absent or anything but "false" (any case) is true.
  bool detectChanges = true;
};

// Nothing when the action is not one of the three Git source types. Reads `configuration` (the
// resolved one when the action runs, the declared one for polling).
std::optional<GitSourceAction> read_git_source_action(const engine::ActionDeclaration& action,
                                                      const engine::Configuration& configuration);

// One repository the server may fetch: from the server's `repositories:` list, or named by a
// source action's RepositoryUrl.
struct SourceRepository {
  std::string id;  // owner/name as source actions name it
  std::string url;
  GitCredentials credentials;

  // The URL for messages and logs (see redact_url).
  std::string display_url() const;
  // "acme/web (url https://git.example.com/acme/web.git)", for failure sentences.
  std::string describe() const;
  // `text` with the token and any credential in the URL replaced by ***.
  std::string scrub(std::string text) const;
  // Names the mirror folder: readable, and distinct for distinct URLs.
  std::string mirror_key() const;
};

// The repository a source action reads, or a sentence saying why there is none. Configured
// repositories match FullRepositoryId ignoring ASCII case (as GitHub and GitLab do). With
// RepositoryUrl, only the action's own OAuthToken is used: configured credentials are never
// sent to a URL the pipeline's author chose.
std::variant<SourceRepository, std::string> locate_repository(
    const GitSourceAction& source, std::span<const SourceRepository> configured);

// http(s) URLs lose their user information, other URLs their password; scp-like forms and
// paths are kept as they are.
std::string redact_url(std::string_view url);

}  // namespace lockstep::executors::local

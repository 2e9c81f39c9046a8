#include "executors/local/source_repository.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <cstdio>

namespace lockstep::executors::local {
namespace {

std::string value_of(const engine::Configuration& configuration, const char* key) {
  const auto it = configuration.find(key);
  return it == configuration.end() ? std::string() : it->second;
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    const auto lower = [](char c) {
      return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    };
    return lower(x) == lower(y);
  });
}

void replace_all(std::string& text, std::string_view what, std::string_view with) {
  if (what.empty()) return;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + with.size())) {
    text.replace(at, what.size(), with);
  }
}

std::string sha256_hex(std::string_view text) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int size = 0;
  EVP_Digest(text.data(), text.size(), digest.data(), &size, EVP_sha256(), nullptr);
  std::string hex;
  for (unsigned int i = 0; i < size; ++i) {
    std::array<char, 3> pair{};
    std::snprintf(pair.data(), pair.size(), "%02x", digest[i]);
    hex += pair.data();
  }
  return hex;
}

}  // namespace

std::optional<GitSourceAction> read_git_source_action(const engine::ActionDeclaration& action,
                                                      const engine::Configuration& configuration) {
  const engine::ActionTypeId& type = action.actionTypeId;
  if (type.category != engine::ActionCategory::Source) return std::nullopt;
  GitSourceAction source;
  std::string detect_key = "PollForSourceChanges";
  if (type.owner == engine::ActionOwner::AWS && type.provider == "CodeStarSourceConnection") {
    source.provider = GitSourceProvider::CodeStarSourceConnection;
    source.repositoryId = value_of(configuration, "FullRepositoryId");
    source.branch = value_of(configuration, "BranchName");
    source.connectionArn = value_of(configuration, "ConnectionArn");
    detect_key = "DetectChanges";
  } else if (type.owner == engine::ActionOwner::ThirdParty && type.provider == "GitHub") {
    source.provider = GitSourceProvider::GitHub;
    source.repositoryId = value_of(configuration, "Owner") + "/" + value_of(configuration, "Repo");
    source.branch = value_of(configuration, "Branch");
    source.oauthToken = value_of(configuration, "OAuthToken");
  } else if (type.owner == engine::ActionOwner::AWS && type.provider == "CodeCommit") {
    source.provider = GitSourceProvider::CodeCommit;
    source.repositoryId = value_of(configuration, "RepositoryName");
    source.branch = value_of(configuration, "BranchName");
  } else {
    return std::nullopt;
  }
  source.cloneRef = value_of(configuration, "OutputArtifactFormat") == "CODEBUILD_CLONE_REF";
  source.repositoryUrl = value_of(configuration, "RepositoryUrl");
  source.detectChanges =
      !equals_ignoring_case(value_of(configuration, detect_key.c_str()), "false");
  return source;
}

std::string redact_url(std::string_view url) {
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return std::string(url);
  const std::string_view scheme = url.substr(0, scheme_end + 3);
  const std::string_view rest = url.substr(scheme.size());
  const auto authority_end = std::min(rest.find('/'), rest.size());
  const auto at = rest.substr(0, authority_end).rfind('@');
  if (at == std::string_view::npos) return std::string(url);
  const std::string_view host = rest.substr(at + 1);
  // GitHub also takes a token as the user name, so http(s) keeps no user information at all;
  // other schemes keep the user (ssh://git@...) and lose only a password.
  if (scheme == "https://" || scheme == "http://") return std::string(scheme) + std::string(host);
  const std::string_view user = rest.substr(0, std::min(rest.find(':'), at));
  return std::string(scheme) + std::string(user) + "@" + std::string(host);
}

std::string SourceRepository::display_url() const {
  return redact_url(url);
}

std::string SourceRepository::describe() const {
  return id + " (url " + display_url() + ")";
}

std::string SourceRepository::scrub(std::string text) const {
  const std::string shown = display_url();
  if (shown != url) replace_all(text, url, shown);
  replace_all(text, credentials.token, "***");
  return text;
}

std::string SourceRepository::mirror_key() const {
  std::string readable = id.empty() ? std::string("repository") : id.substr(0, 80);
  return readable + "-" + sha256_hex(url).substr(0, 16);
}

std::variant<SourceRepository, std::string> locate_repository(
    const GitSourceAction& source, std::span<const SourceRepository> configured) {
  if (!source.repositoryUrl.empty()) {
    SourceRepository repository;
    repository.id = source.repositoryId == "/" ? source.repositoryUrl : source.repositoryId;
    repository.url = source.repositoryUrl;
    repository.credentials.token = source.oauthToken;
    return repository;
  }
  for (const SourceRepository& candidate : configured) {
    if (!equals_ignoring_case(candidate.id, source.repositoryId)) continue;
    SourceRepository repository = candidate;
    if (repository.credentials.token.empty() && repository.credentials.ssh_key.empty()) {
      repository.credentials.token = source.oauthToken;
    }
    return repository;
  }
  return "repository " + source.repositoryId +
         " is not in the server's repositories list, and the action has no RepositoryUrl";
}

}  // namespace lockstep::executors::local

// The one wrapper of libgit2: bare mirrors fetched incrementally, commits, checkouts, remote heads.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

struct git_repository;

namespace lockstep::executors::local {

// A libgit2 failure, carrying libgit2's own message (which never holds the credentials: they
// reach libgit2 through callbacks only).
class GitError : public std::runtime_error {
 public:
  // what() is "<context>: <reason>"; reason() is libgit2's own words (or ours) alone.
  GitError(int code, const std::string& context, const std::string& reason)
      : std::runtime_error(reason.empty() ? context : context + ": " + reason),
        code_(code),
        reason_(reason.empty() ? context : reason) {}
  int code() const { return code_; }
  const std::string& reason() const { return reason_; }
  // The remote refused the credentials, or asked for some and none were configured.
  bool is_authentication() const;
  // The fetch was stopped by its `stop` callback.
  bool is_stopped() const;

 private:
  int code_;
  std::string reason_;
};

// How to authenticate to a remote. Both empty: anonymous (public HTTPS, a local path, file://).
struct GitCredentials {
  // HTTPS: sent as the password, with the URL's user name or "x-access-token" (GitHub's
  // convention; GitLab accepts any user name with a token).
  std::string token;
  // SSH: a private key file, with the URL's user name or "git".
  std::filesystem::path ssh_key;
  // SSH: the known_hosts file (OpenSSH's format) the server's host key must be listed in. Empty:
  // libgit2's own check against ~/.ssh/known_hosts of the server's user.
  std::filesystem::path ssh_known_hosts{};
};

// libgit2's transfer statistics of one fetch: a fetch that finds nothing new receives nothing.
struct FetchStats {
  unsigned total_objects = 0;
  unsigned received_objects = 0;
  unsigned indexed_objects = 0;
  unsigned local_objects = 0;  // objects the pack referenced that the mirror already had
  std::size_t received_bytes = 0;
};

struct GitSignature {
  std::string name;
  std::string email;
  std::int64_t time = 0;   // seconds since the epoch
  int offset_minutes = 0;  // the signer's time zone
};

struct CommitInfo {
  std::string id;  // 40 hex digits
  std::string message;
  GitSignature author;
  GitSignature committer;
};

// Returns true to stop a running fetch (checked as objects arrive).
using StopRequested = std::function<bool()>;

// "refs/heads/<branch>" is a valid reference name.
bool is_valid_branch_name(std::string_view branch);

// One repository handle. Not shareable between threads: each thread opens its own.
class GitRepository {
 public:
  // Opens the bare repository at `path`, creating it (and its parents) when missing.
  static GitRepository open_or_create_bare(const std::filesystem::path& path);
  // Opens an existing repository (bare, or a working clone's folder).
  static GitRepository open(const std::filesystem::path& path);

  GitRepository(GitRepository&&) noexcept;
  GitRepository& operator=(GitRepository&&) noexcept;
  ~GitRepository();

  // Mirrors every branch, tag and pull/merge request head of `url` into the same names here,
  // dropping branches the remote no longer has. Only objects the repository lacks are
  // transferred.
  FetchStats fetch_mirror(const std::string& url, const GitCredentials& credentials,
                          const StopRequested& stop = {});

  // The commit a branch points at, or nothing when the branch does not exist.
  std::optional<std::string> branch_head(const std::string& branch) const;
  // A commit by its full or abbreviated (at least 4 hex digits) id; nothing when absent or when
  // the id names something other than a commit.
  std::optional<CommitInfo> find_commit(const std::string& commit_id) const;
  // The commit HEAD resolves to; nothing on an unborn branch.
  std::optional<std::string> head_commit() const;

  // Writes the commit's files into `folder` (created if missing), without a .git folder:
  // executable bits and symbolic links as committed.
  void export_tree(const std::string& commit_id, const std::filesystem::path& folder) const;

  // Makes `folder` a working clone of this repository at the commit: its own objects (hard
  // links where the file system allows), a local branch `branch` at the commit checked out as
  // HEAD, and `origin` pointing at `origin_url` with its remote-tracking branches.
  void clone_at(const std::string& commit_id, const std::filesystem::path& folder,
                const std::string& branch, const std::string& origin_url) const;

 private:
  explicit GitRepository(git_repository* repository);
  struct Deleter {
    void operator()(git_repository* repository) const;
  };
  std::unique_ptr<git_repository, Deleter> repository_;
};

// The branch heads and tags a remote advertises (ref name -> object id), without fetching.
std::map<std::string, std::string> list_remote_refs(const std::string& url,
                                                    const GitCredentials& credentials);

}  // namespace lockstep::executors::local

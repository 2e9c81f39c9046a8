#include "executors/local/git.hpp"

#include <git2.h>

#include <algorithm>
#include <array>
#include <utility>

#include "executors/local/ssh_known_hosts.hpp"

namespace lockstep::executors::local {
namespace {

// libgit2 keeps global state (TLS, OpenSSL); initialising it once for the process is enough and
// it is never shut down, so handles held by static objects stay valid until exit.
void ensure_initialised() {
  static const int initialised = git_libgit2_init();
  (void)initialised;
}

[[noreturn]] void fail(int code, const std::string& context) {
  const git_error* error = git_error_last();
  const bool has_message = error != nullptr && error->message != nullptr;
  throw GitError(code, context, has_message ? error->message : "");
}

void check(int code, const std::string& context) {
  if (code < 0) fail(code, context);
}

template <typename T, void (*Free)(T*)>
struct Freer {
  void operator()(T* handle) const { Free(handle); }
};

using Remote = std::unique_ptr<git_remote, Freer<git_remote, git_remote_free>>;
using Commit = std::unique_ptr<git_commit, Freer<git_commit, git_commit_free>>;
using Tree = std::unique_ptr<git_tree, Freer<git_tree, git_tree_free>>;
using Index = std::unique_ptr<git_index, Freer<git_index, git_index_free>>;
using Reference = std::unique_ptr<git_reference, Freer<git_reference, git_reference_free>>;
using Repository = std::unique_ptr<git_repository, Freer<git_repository, git_repository_free>>;

struct CallbackState {
  const GitCredentials* credentials = nullptr;
  const StopRequested* stop = nullptr;
  std::string url;
  int attempts = 0;
  // libgit2 replaces a refused host key's message with its own; ours is kept here.
  std::string host_key_problem{};
};

// The port of an ssh:// URL; 22 for scp-like user@host:path and URLs without one.
int ssh_port(std::string_view url) {
  if (!url.starts_with("ssh://")) return 22;
  std::string_view rest = url.substr(6);
  rest = rest.substr(0, rest.find('/'));
  if (const std::size_t at = rest.rfind('@'); at != std::string_view::npos) {
    rest = rest.substr(at + 1);
  }
  if (rest.starts_with('[')) {  // [::1]:2222
    const std::size_t close = rest.find(']');
    rest = close == std::string_view::npos ? std::string_view() : rest.substr(close + 1);
  }
  const std::size_t colon = rest.rfind(':');
  if (colon == std::string_view::npos) return 22;
  int port = 0;
  for (const char c : rest.substr(colon + 1)) {
    if (c < '0' || c > '9' || port > 65535) return 22;
    port = port * 10 + (c - '0');
  }
  return port == 0 ? 22 : port;
}

int check_host_key(git_cert* cert, int /*valid*/, const char* host, void* payload) {
  auto* state = static_cast<CallbackState*>(payload);
  const std::filesystem::path& known_hosts = state->credentials->ssh_known_hosts;
  if (cert->cert_type != GIT_CERT_HOSTKEY_LIBSSH2 || known_hosts.empty()) {
    return GIT_PASSTHROUGH;  // TLS, or SSH checked by libgit2 against ~/.ssh/known_hosts
  }
  const auto* hostkey = reinterpret_cast<const git_cert_hostkey*>(cert);
  const int port = ssh_port(state->url);
  const std::string shown =
      port == 22 ? std::string(host) : "[" + std::string(host) + "]:" + std::to_string(port);
  if ((hostkey->type & GIT_CERT_SSH_RAW) == 0) {
    state->host_key_problem = "the SSH host key of " + shown + " could not be read to check it";
    return GIT_ECERTIFICATE;
  }
  switch (check_known_host(known_hosts, host, port,
                           std::string_view(hostkey->hostkey, hostkey->hostkey_len))) {
    case HostKeyCheck::Known:
      return 0;
    case HostKeyCheck::Changed:
      state->host_key_problem = "the SSH host key of " + shown + " is not the one " +
                                known_hosts.string() +
                                " lists for it: the key changed or another host answered";
      return GIT_ECERTIFICATE;
    case HostKeyCheck::Unknown:
      break;
  }
  state->host_key_problem =
      "the SSH host " + shown + " is not listed in the known_hosts file " + known_hosts.string();
  return GIT_ECERTIFICATE;
}

// Runs one libgit2 network call; a refused host key is reported in our words.
void check_remote(int code, const std::string& context, const CallbackState& state) {
  if (code < 0 && !state.host_key_problem.empty()) {
    throw GitError(code, context, state.host_key_problem);
  }
  check(code, context);
}

// libgit2 asks again after a refused credential; answering once and then giving up turns a wrong
// token into one clear error instead of an endless loop.
int acquire_credential(git_credential** out, const char* /*url*/, const char* username_from_url,
                       unsigned int allowed_types, void* payload) {
  auto* state = static_cast<CallbackState*>(payload);
  const GitCredentials& credentials = *state->credentials;
  const bool has_user = username_from_url != nullptr && *username_from_url != '\0';
  if (allowed_types == GIT_CREDENTIAL_USERNAME) {
    return git_credential_username_new(out, has_user ? username_from_url : "git");
  }
  if (++state->attempts > 1) {
    git_error_set_str(GIT_ERROR_NET, "the remote refused the configured credentials");
    return GIT_EAUTH;
  }
  if ((allowed_types & GIT_CREDENTIAL_SSH_KEY) != 0 && !credentials.ssh_key.empty()) {
    return git_credential_ssh_key_new(out, has_user ? username_from_url : "git", nullptr,
                                      credentials.ssh_key.c_str(), nullptr);
  }
  if ((allowed_types & GIT_CREDENTIAL_USERPASS_PLAINTEXT) != 0 && !credentials.token.empty()) {
    return git_credential_userpass_plaintext_new(
        out, has_user ? username_from_url : "x-access-token", credentials.token.c_str());
  }
  git_error_set_str(GIT_ERROR_NET, "the remote asks for credentials and none are configured");
  return GIT_EAUTH;
}

int on_transfer_progress(const git_indexer_progress* /*stats*/, void* payload) {
  auto* state = static_cast<CallbackState*>(payload);
  if (state->stop != nullptr && *state->stop && (*state->stop)()) {
    git_error_set_str(GIT_ERROR_NONE, "the fetch was stopped");
    return GIT_EUSER;
  }
  return 0;
}

git_remote_callbacks remote_callbacks(CallbackState& state) {
  git_remote_callbacks callbacks;
  git_remote_init_callbacks(&callbacks, GIT_REMOTE_CALLBACKS_VERSION);
  callbacks.credentials = acquire_credential;
  callbacks.transfer_progress = on_transfer_progress;
  callbacks.certificate_check = check_host_key;
  callbacks.payload = &state;
  return callbacks;
}

bool is_hex(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  });
}

std::string to_hex(const git_oid& oid) {
  std::array<char, GIT_OID_HEXSZ + 1> text{};
  git_oid_tostr(text.data(), text.size(), &oid);
  return text.data();
}

GitSignature to_signature(const git_signature* signature) {
  if (signature == nullptr) return {};
  return {signature->name != nullptr ? signature->name : "",
          signature->email != nullptr ? signature->email : "", signature->when.time,
          signature->when.offset};
}

// Absent, ambiguous or not a commit: nothing. Other failures (a broken repository) throw.
Commit lookup_commit(git_repository* repository, std::string_view commit_id) {
  if (commit_id.size() < GIT_OID_MINPREFIXLEN || commit_id.size() > GIT_OID_HEXSZ ||
      !is_hex(commit_id)) {
    return nullptr;
  }
  git_oid oid;
  if (git_oid_fromstrn(&oid, commit_id.data(), commit_id.size()) < 0) return nullptr;
  git_commit* commit = nullptr;
  const int code = commit_id.size() == GIT_OID_HEXSZ
                       ? git_commit_lookup(&commit, repository, &oid)
                       : git_commit_lookup_prefix(&commit, repository, &oid, commit_id.size());
  if (code == GIT_ENOTFOUND || code == GIT_EAMBIGUOUS || code == GIT_EINVALIDSPEC) return nullptr;
  check(code, "cannot read commit " + std::string(commit_id));
  return Commit(commit);
}

Commit require_commit(git_repository* repository, const std::string& commit_id) {
  Commit commit = lookup_commit(repository, commit_id);
  if (!commit) throw GitError(GIT_ENOTFOUND, "commit " + commit_id + " does not exist", "");
  return commit;
}

// Checks the commit's tree out against an empty baseline, so every file is written whatever
// HEAD of the repository points at, into `folder` (the repository's own workdir when empty).
void checkout_commit(git_repository* repository, git_commit* commit,
                     const std::filesystem::path& folder, bool update_index) {
  git_tree* raw_tree = nullptr;
  check(git_commit_tree(&raw_tree, commit), "cannot read the commit's tree");
  const Tree tree(raw_tree);
  git_index* raw_index = nullptr;
  check(git_index_new(&raw_index), "cannot create an index");
  const Index empty(raw_index);

  git_checkout_options options;
  git_checkout_options_init(&options, GIT_CHECKOUT_OPTIONS_VERSION);
  options.checkout_strategy = GIT_CHECKOUT_FORCE;
  if (!update_index) options.checkout_strategy |= GIT_CHECKOUT_DONT_UPDATE_INDEX;
  options.baseline_index = empty.get();
  const std::string target = folder.string();
  if (!folder.empty()) options.target_directory = target.c_str();
  check(git_checkout_tree(repository, reinterpret_cast<const git_object*>(tree.get()), &options),
        "cannot check out " + to_hex(*git_commit_id(commit)));
}

}  // namespace

bool GitError::is_authentication() const {
  return code_ == GIT_EAUTH;
}

bool GitError::is_stopped() const {
  return code_ == GIT_EUSER;
}

bool is_valid_branch_name(std::string_view branch) {
  ensure_initialised();
  if (branch.empty()) return false;
  int valid = 0;
  const std::string name = "refs/heads/" + std::string(branch);
  return git_reference_name_is_valid(&valid, name.c_str()) == 0 && valid != 0;
}

void GitRepository::Deleter::operator()(git_repository* repository) const {
  git_repository_free(repository);
}

GitRepository::GitRepository(git_repository* repository) : repository_(repository) {}
GitRepository::GitRepository(GitRepository&&) noexcept = default;
GitRepository& GitRepository::operator=(GitRepository&&) noexcept = default;
GitRepository::~GitRepository() = default;

GitRepository GitRepository::open_or_create_bare(const std::filesystem::path& path) {
  ensure_initialised();
  git_repository* repository = nullptr;
  if (git_repository_open_bare(&repository, path.c_str()) == 0) return GitRepository(repository);
  std::filesystem::create_directories(path.parent_path());
  check(git_repository_init(&repository, path.c_str(), 1),
        "cannot create a repository at " + path.string());
  return GitRepository(repository);
}

GitRepository GitRepository::open(const std::filesystem::path& path) {
  ensure_initialised();
  git_repository* repository = nullptr;
  check(git_repository_open(&repository, path.c_str()),
        "cannot open the repository at " + path.string());
  return GitRepository(repository);
}

FetchStats GitRepository::fetch_mirror(const std::string& url, const GitCredentials& credentials,
                                       const StopRequested& stop) {
  // libgit2 calls a missing local path an "unsupported URL protocol"; say what is wrong.
  if (url.starts_with('/') && !std::filesystem::exists(url)) {
    throw GitError(GIT_ENOTFOUND, "cannot fetch", "there is no repository at " + url);
  }
  git_remote* raw_remote = nullptr;
  check(git_remote_create_anonymous(&raw_remote, repository_.get(), url.c_str()),
        "cannot use the remote");
  const Remote remote(raw_remote);

  CallbackState state{&credentials, &stop, url};
  git_fetch_options options;
  git_fetch_options_init(&options, GIT_FETCH_OPTIONS_VERSION);
  options.callbacks = remote_callbacks(state);
  options.prune = GIT_FETCH_PRUNE;
  options.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE;  // the refspecs below take them all
  options.update_fetchhead = 0;
  // Pull and merge request heads too: a trigger may pin a commit that is on no branch.
  std::array<const char*, 4> specs{"+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*",
                                   "+refs/pull/*/head:refs/pull/*/head",
                                   "+refs/merge-requests/*/head:refs/merge-requests/*/head"};
  const git_strarray refspecs{const_cast<char**>(specs.data()), specs.size()};
  check_remote(git_remote_fetch(remote.get(), &refspecs, &options, "mirror fetch"), "cannot fetch",
               state);

  const git_indexer_progress* progress = git_remote_stats(remote.get());
  FetchStats stats;
  if (progress != nullptr) {
    stats.total_objects = progress->total_objects;
    stats.received_objects = progress->received_objects;
    stats.indexed_objects = progress->indexed_objects;
    stats.local_objects = progress->local_objects;
    stats.received_bytes = progress->received_bytes;
  }
  return stats;
}

std::optional<std::string> GitRepository::branch_head(const std::string& branch) const {
  if (!is_valid_branch_name(branch)) return std::nullopt;
  git_oid oid;
  const std::string name = "refs/heads/" + branch;
  const int code = git_reference_name_to_id(&oid, repository_.get(), name.c_str());
  if (code == GIT_ENOTFOUND) return std::nullopt;
  check(code, "cannot read branch " + branch);
  return to_hex(oid);
}

std::optional<CommitInfo> GitRepository::find_commit(const std::string& commit_id) const {
  const Commit commit = lookup_commit(repository_.get(), commit_id);
  if (!commit) return std::nullopt;
  CommitInfo info;
  info.id = to_hex(*git_commit_id(commit.get()));
  const char* message = git_commit_message(commit.get());
  info.message = message != nullptr ? message : "";
  info.author = to_signature(git_commit_author(commit.get()));
  info.committer = to_signature(git_commit_committer(commit.get()));
  return info;
}

std::optional<std::string> GitRepository::head_commit() const {
  git_oid oid;
  const int code = git_reference_name_to_id(&oid, repository_.get(), "HEAD");
  if (code == GIT_ENOTFOUND || code == GIT_EUNBORNBRANCH) return std::nullopt;
  check(code, "cannot read HEAD");
  return to_hex(oid);
}

void GitRepository::export_tree(const std::string& commit_id,
                                const std::filesystem::path& folder) const {
  const Commit commit = require_commit(repository_.get(), commit_id);
  std::filesystem::create_directories(folder);
  checkout_commit(repository_.get(), commit.get(), folder, false);
}

void GitRepository::clone_at(const std::string& commit_id, const std::filesystem::path& folder,
                             const std::string& branch, const std::string& origin_url) const {
  const Commit source_commit = require_commit(repository_.get(), commit_id);
  const git_oid oid = *git_commit_id(source_commit.get());

  git_clone_options options;
  git_clone_options_init(&options, GIT_CLONE_OPTIONS_VERSION);
  options.local = GIT_CLONE_LOCAL;  // copies the objects, hard-linking where possible
  options.checkout_opts.checkout_strategy = GIT_CHECKOUT_NONE;
  git_repository* raw_clone = nullptr;
  const std::string source = git_repository_path(repository_.get());
  check(git_clone(&raw_clone, source.c_str(), folder.c_str(), &options),
        "cannot clone into " + folder.string());
  const Repository clone(raw_clone);

  // Detach first: a branch that HEAD points at cannot be moved.
  check(git_repository_set_head_detached(clone.get(), &oid), "cannot detach HEAD");
  git_commit* raw_commit = nullptr;
  check(git_commit_lookup(&raw_commit, clone.get(), &oid), "cannot read the cloned commit");
  const Commit commit(raw_commit);
  checkout_commit(clone.get(), commit.get(), {}, true);
  if (is_valid_branch_name(branch)) {
    git_reference* raw_branch = nullptr;
    check(git_branch_create(&raw_branch, clone.get(), branch.c_str(), commit.get(), 1),
          "cannot create branch " + branch);
    const Reference created(raw_branch);
    check(git_repository_set_head(clone.get(), git_reference_name(created.get())),
          "cannot point HEAD at branch " + branch);
  }
  if (!origin_url.empty()) {
    check(git_remote_set_url(clone.get(), "origin", origin_url.c_str()),
          "cannot set the origin's URL");
  }
}

std::map<std::string, std::string> list_remote_refs(const std::string& url,
                                                    const GitCredentials& credentials) {
  ensure_initialised();
  git_remote* raw_remote = nullptr;
  check(git_remote_create_detached(&raw_remote, url.c_str()), "cannot use the remote");
  const Remote remote(raw_remote);
  CallbackState state{&credentials, nullptr, url};
  const git_remote_callbacks callbacks = remote_callbacks(state);
  check_remote(git_remote_connect(remote.get(), GIT_DIRECTION_FETCH, &callbacks, nullptr, nullptr),
               "cannot connect", state);
  const git_remote_head** heads = nullptr;
  std::size_t count = 0;
  check(git_remote_ls(&heads, &count, remote.get()), "cannot list the remote's references");
  std::map<std::string, std::string> refs;
  for (std::size_t i = 0; i < count; ++i) {
    const std::string_view name = heads[i]->name;
    if (name.ends_with("^{}")) continue;  // peeled tags repeat the tag's name
    if (name.starts_with("refs/heads/") || name.starts_with("refs/tags/")) {
      refs.emplace(name, to_hex(heads[i]->oid));
    }
  }
  return refs;
}

}  // namespace lockstep::executors::local

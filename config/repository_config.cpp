#include "config/repository_config.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <regex>
#include <string_view>

#include "config/server_config.hpp"

namespace lockstep::config {
namespace {

constexpr std::size_t kIdLimit = 200;
constexpr std::size_t kUrlLimit = 2048;
constexpr std::size_t kSecretLimit = 4096;

constexpr std::array<std::string_view, 8> kKeys{"id",
                                                "url",
                                                "token",
                                                "token_env",
                                                "ssh_key",
                                                "ssh_known_hosts",
                                                "webhook_secret",
                                                "webhook_secret_env"};

int line_of(const YAML::Node& node) {
  const YAML::Mark mark = node.Mark();
  return mark.is_null() ? 0 : mark.line + 1;
}

std::string lower(std::string text) {
  for (char& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return text;
}

bool is_ssh_url(std::string_view url) {
  if (url.starts_with("ssh://")) return true;
  // scp-like: [user@]host:path, with no scheme and a colon before any slash.
  const auto colon = url.find(':');
  return url.find("://") == std::string_view::npos && colon != std::string_view::npos &&
         colon > 0 && url.substr(0, colon).find('/') == std::string_view::npos;
}

bool is_http_url(std::string_view url) {
  return url.starts_with("https://") || url.starts_with("http://");
}

bool is_known_url(std::string_view url) {
  return is_http_url(url) || is_ssh_url(url) || url.starts_with("git://") ||
         url.starts_with("file://") || url.starts_with('/');
}

bool is_variable_name(const std::string& name) {
  static const std::regex pattern("[A-Za-z_][A-Za-z0-9_]*");
  return std::regex_match(name, pattern);
}

bool has_control_or_space(std::string_view text) {
  return std::any_of(text.begin(), text.end(),
                     [](char c) { return static_cast<unsigned char>(c) <= ' ' || c == 0x7f; });
}

class EntryReader {
 public:
  EntryReader(const std::string& file, std::vector<ConfigProblem>& problems)
      : file_(file), problems_(problems) {}

  void add(int line, std::string key, std::string message) {
    problems_.push_back({file_, line, std::move(key), std::move(message)});
  }

  // Every problem of one entry; the entry is kept only when it has none.
  std::optional<RepositoryConfig> read(const YAML::Node& entry, const std::string& prefix,
                                       const std::string& folder) {
    const std::size_t problems_before = problems_.size();
    RepositoryConfig repository;
    repository.line = line_of(entry);
    if (!entry.IsMap()) {
      add(repository.line, prefix,
          "must be a map with the keys id, url and optionally token, "
          "token_env, ssh_key, ssh_known_hosts, webhook_secret, webhook_secret_env");
      return std::nullopt;
    }
    std::map<std::string, std::pair<std::string, int>> values;  // key -> value, line
    for (auto it = entry.begin(); it != entry.end(); ++it) {
      const YAML::Node key_node = it->first;
      const YAML::Node value = it->second;
      const std::string key = key_node.IsScalar() ? key_node.Scalar() : std::string();
      const std::string path = prefix + "." + key;
      if (std::find(kKeys.begin(), kKeys.end(), key) == kKeys.end()) {
        add(line_of(key_node), path,
            "is not a repository setting; expected id, url, token, token_env, ssh_key, "
            "ssh_known_hosts, webhook_secret or webhook_secret_env");
        continue;
      }
      if (!value.IsScalar()) {
        add(line_of(key_node), path, "must be a string");
        continue;
      }
      if (!values.emplace(key, std::make_pair(value.Scalar(), line_of(value))).second) {
        add(line_of(key_node), path, "is set twice");
      }
    }
    const auto get = [&values](const char* key) -> std::pair<std::string, int> {
      const auto it = values.find(key);
      return it == values.end() ? std::make_pair(std::string(), 0) : it->second;
    };

    const auto [id, id_line] = get("id");
    if (id.empty()) {
      add(id_line != 0 ? id_line : repository.line, prefix + ".id",
          "is required: the repository's name as source actions give it, for example acme/web");
    } else if (id.size() > kIdLimit || has_control_or_space(id)) {
      add(id_line, prefix + ".id", "must be at most 200 characters without spaces");
    }
    const auto [url, url_line] = get("url");
    if (url.empty()) {
      add(url_line != 0 ? url_line : repository.line, prefix + ".url",
          "is required: the URL or local path to fetch the repository from");
    } else if (url.size() > kUrlLimit || has_control_or_space(url) || !is_known_url(url)) {
      add(url_line, prefix + ".url",
          "must be an https://, http://, ssh://, git:// or file:// URL, user@host:path or an "
          "absolute path, at most 2048 characters");
    }
    const auto [token, token_line] = get("token");
    const auto [token_env, token_env_line] = get("token_env");
    const auto [ssh_key, ssh_key_line] = get("ssh_key");
    const auto [known_hosts, known_hosts_line] = get("ssh_known_hosts");
    const auto [secret, secret_line] = get("webhook_secret");
    const auto [secret_env, secret_env_line] = get("webhook_secret_env");
    if (!token.empty() && !token_env.empty()) {
      add(token_env_line, prefix + ".token_env", "cannot be combined with token; set one of them");
    }
    if (!secret.empty() && !secret_env.empty()) {
      add(secret_env_line, prefix + ".webhook_secret_env",
          "cannot be combined with webhook_secret; set one of them");
    }
    for (const auto& [name, line, key] :
         {std::tuple{token_env, token_env_line, "token_env"},
          std::tuple{secret_env, secret_env_line, "webhook_secret_env"}}) {
      if (!name.empty() && !is_variable_name(name)) {
        add(line, prefix + "." + key, "must be an environment variable name, such as GIT_TOKEN");
      }
    }
    for (const auto& [value, line, key] : {std::tuple{token, token_line, "token"},
                                           std::tuple{secret, secret_line, "webhook_secret"}}) {
      if (value.size() > kSecretLimit) {
        add(line, prefix + "." + key, "must be at most 4096 characters");
      }
    }
    if ((!token.empty() || !token_env.empty()) && !url.empty() && !is_http_url(url)) {
      add(token_line != 0 ? token_line : token_env_line, prefix + ".token",
          "is sent over HTTPS only, but url is not an https:// or http:// URL");
    }
    if (!ssh_key.empty() && !url.empty() && !is_ssh_url(url)) {
      add(ssh_key_line, prefix + ".ssh_key", "is used for SSH only, but url is not an SSH URL");
    }
    if (!known_hosts.empty() && !url.empty() && !is_ssh_url(url)) {
      add(known_hosts_line, prefix + ".ssh_known_hosts",
          "is used for SSH only, but url is not an SSH URL");
    }
    if (problems_.size() != problems_before) return std::nullopt;

    repository.id = id;
    repository.url = url;
    repository.token = token;
    repository.token_env = token_env;
    repository.webhook_secret = secret;
    repository.webhook_secret_env = secret_env;
    const auto beside_config = [&folder](const std::string& file) {
      const std::filesystem::path path(file);
      return (!file.empty() && path.is_relative() && !folder.empty())
                 ? (std::filesystem::path(folder) / path).lexically_normal().string()
                 : file;
    };
    repository.ssh_key = beside_config(ssh_key);
    repository.ssh_known_hosts = beside_config(known_hosts);
    return repository;
  }

 private:
  const std::string& file_;
  std::vector<ConfigProblem>& problems_;
};

}  // namespace

void read_repositories(const YAML::Node& list, int key_line, const std::string& file,
                       const std::string& folder, std::vector<RepositoryConfig>& repositories,
                       std::vector<ConfigProblem>& problems) {
  EntryReader reader(file, problems);
  if (list.IsNull()) return;  // `repositories:` with nothing under it
  if (!list.IsSequence()) {
    reader.add(key_line, "repositories", "must be a list of repositories (- id: ..., url: ...)");
    return;
  }
  std::map<std::string, std::pair<std::size_t, int>> ids;  // lower-case id -> index, line
  std::vector<RepositoryConfig> read;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string prefix = "repositories[" + std::to_string(i) + "]";
    auto repository = reader.read(list[i], prefix, folder);
    if (!repository) continue;
    // Source actions find repositories ignoring case, so ids differing only in case collide.
    const auto [previous, inserted] =
        ids.emplace(lower(repository->id), std::make_pair(i, repository->line));
    if (!inserted) {
      reader.add(repository->line, prefix + ".id",
                 "repeats the id of repositories[" + std::to_string(previous->second.first) +
                     "] (line " + std::to_string(previous->second.second) + ")");
      continue;
    }
    read.push_back(std::move(*repository));
  }
  repositories = std::move(read);
}

void read_repository_secrets(const std::map<std::string, std::string>& environment,
                             const std::string& file, std::vector<RepositoryConfig>& repositories,
                             std::vector<ConfigProblem>& problems) {
  for (std::size_t i = 0; i < repositories.size(); ++i) {
    RepositoryConfig& repository = repositories[i];
    const std::string prefix = "repositories[" + std::to_string(i) + "]";
    for (const auto& [name, target, key] :
         {std::tuple{repository.token_env, &repository.token, "token_env"},
          std::tuple{repository.webhook_secret_env, &repository.webhook_secret,
                     "webhook_secret_env"}}) {
      if (name.empty()) continue;
      const auto found = environment.find(name);
      if (found == environment.end() || found->second.empty()) {
        problems.push_back({file, repository.line, prefix + "." + key,
                            "names the variable " + name + ", which is not set"});
        continue;
      }
      if (found->second.size() > kSecretLimit) {
        problems.push_back(
            {file, repository.line, prefix + "." + key,
             "names the variable " + name + ", whose value is over 4096 characters"});
        continue;
      }
      *target = found->second;
    }
  }
}

}  // namespace lockstep::config

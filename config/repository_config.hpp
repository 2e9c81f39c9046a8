// The `repositories:` list of lockstep.yaml: the Git repositories source actions may read, with
// their credentials and webhook secrets.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace YAML {
class Node;
}

namespace lockstep::config {

struct ConfigProblem;

struct RepositoryConfig {
  std::string id;         // as source actions name it: FullRepositoryId, Owner/Repo, RepositoryName
  std::string url;        // https://, http://, ssh://, git://, file://, user@host:path or a path
  std::string token;      // HTTPS token: `token`, or the value of the variable `token_env` names
  std::string token_env;  // the variable's name, when the token comes from the environment
  std::string ssh_key;    // private key file for SSH URLs (relative: next to the config file)
  // known_hosts file (OpenSSH's format) listing the SSH server's host key (relative: next to the
  // config file); empty: ~/.ssh/known_hosts of the server's user
  std::string ssh_known_hosts{};
  std::string webhook_secret;      // `webhook_secret`, or from `webhook_secret_env`
  std::string webhook_secret_env;  // the variable's name, when the secret comes from there
  int line = 0;                    // where the entry starts in the file
};

// Reads the list under `repositories` (its key on `key_line`), appending every problem with its
// line and a key such as "repositories[1].url". Relative ssh_key and ssh_known_hosts paths are
// taken from `folder`.
void read_repositories(const YAML::Node& list, int key_line, const std::string& file,
                       const std::string& folder, std::vector<RepositoryConfig>& repositories,
                       std::vector<ConfigProblem>& problems);

// Fills token and webhook_secret from the variables token_env and webhook_secret_env name; a
// variable that is not set is a problem (reported against `file`).
void read_repository_secrets(const std::map<std::string, std::string>& environment,
                             const std::string& file, std::vector<RepositoryConfig>& repositories,
                             std::vector<ConfigProblem>& problems);

}  // namespace lockstep::config

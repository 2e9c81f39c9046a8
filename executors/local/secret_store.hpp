// The server's secrets that local builds resolve Parameter Store and Secrets Manager references
// against (BUILDSPEC.md A.3 rule 6): names mapped to values, from the `secrets:` configuration.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lockstep::executors::local {

// secret-id:json-key:version-stage:version-id, split; the colons of an ARN secret id stay in it.
struct SecretReference {
  std::string secret_id;
  std::string json_key;
  std::string version_stage;
  std::string version_id;
};

struct SecretReferenceParse {
  SecretReference reference;
  std::string error;  // empty when the reference is well formed
};

SecretReferenceParse parse_secret_reference(std::string_view text);

struct SecretLookup {
  std::optional<std::string> value;
  std::string error;  // why there is no value; never contains a secret value
};

class SecretStore {
 public:
  SecretStore() = default;
  explicit SecretStore(std::map<std::string, std::string> values) : values_(std::move(values)) {}

  // A Parameter Store parameter by its name ("/ci/token" and "ci/token" name the same one).
  SecretLookup parameter(std::string_view name) const;
  // A Secrets Manager reference; json-key picks one member of a JSON secret. Only the current
  // version is stored: version-stage AWSCURRENT or none, and no version-id.
  SecretLookup secret(std::string_view reference) const;

 private:
  const std::string* find(std::string_view name) const;

  std::map<std::string, std::string> values_;
};

}  // namespace lockstep::executors::local

#include "executors/local/secret_store.hpp"

#include <nlohmann/json.hpp>

namespace lockstep::executors::local {

SecretReferenceParse parse_secret_reference(std::string_view text) {
  SecretReferenceParse parsed;
  if (text.empty()) {
    parsed.error = "must name a secret (secret-id:json-key:version-stage:version-id)";
    return parsed;
  }
  std::size_t id_end = 0;
  if (text.starts_with("arn:")) {
    // arn:aws:secretsmanager:<region>:<account>:secret:<name>: the id holds six colons.
    std::size_t colons = 0;
    while (id_end < text.size() && !(text[id_end] == ':' && colons == 6)) {
      if (text[id_end] == ':') ++colons;
      ++id_end;
    }
  } else {
    id_end = std::min(text.find(':'), text.size());
  }
  parsed.reference.secret_id = std::string(text.substr(0, id_end));
  std::vector<std::string> fields;
  std::size_t start = id_end + 1;
  while (start <= text.size()) {
    const std::size_t colon = std::min(text.find(':', start), text.size());
    fields.emplace_back(text.substr(start, colon - start));
    start = colon + 1;
  }
  if (fields.size() > 3) {
    parsed.error = "has more than four fields (secret-id:json-key:version-stage:version-id)";
    return parsed;
  }
  fields.resize(3);
  parsed.reference.json_key = fields[0];
  parsed.reference.version_stage = fields[1];
  parsed.reference.version_id = fields[2];
  if (!fields[1].empty() && !fields[2].empty()) {
    parsed.error = "may give version-stage or version-id, not both";
  }
  return parsed;
}

const std::string* SecretStore::find(std::string_view name) const {
  const auto found = values_.find(std::string(name));
  return found == values_.end() ? nullptr : &found->second;
}

SecretLookup SecretStore::parameter(std::string_view name) const {
  SecretLookup lookup;
  const std::string* value = find(name);
  if (value == nullptr && name.starts_with("/")) value = find(name.substr(1));
  if (value == nullptr && !name.starts_with("/")) value = find("/" + std::string(name));
  if (value == nullptr) {
    lookup.error = "the parameter '" + std::string(name) + "' is not in the server's secrets";
  } else {
    lookup.value = *value;
  }
  return lookup;
}

SecretLookup SecretStore::secret(std::string_view reference) const {
  SecretLookup lookup;
  const SecretReferenceParse parsed = parse_secret_reference(reference);
  if (!parsed.error.empty()) {
    lookup.error = "the secret reference '" + std::string(reference) + "' " + parsed.error;
    return lookup;
  }
  const SecretReference& ref = parsed.reference;
  const std::string* value = find(ref.secret_id);
  if (value == nullptr && ref.secret_id.starts_with("arn:")) {
    value = find(ref.secret_id.substr(ref.secret_id.rfind(':') + 1));
  }
  if (value == nullptr) {
    lookup.error = "the secret '" + ref.secret_id + "' is not in the server's secrets";
    return lookup;
  }
  if (!ref.version_id.empty() ||
      (!ref.version_stage.empty() && ref.version_stage != "AWSCURRENT")) {
    lookup.error = "the secret '" + ref.secret_id +
                   "' is stored in one version only (AWSCURRENT); other versions are unknown";
    return lookup;
  }
  if (ref.json_key.empty()) {
    lookup.value = *value;
    return lookup;
  }
  const nlohmann::json document = nlohmann::json::parse(*value, nullptr, false);
  if (!document.is_object() || !document.contains(ref.json_key)) {
    lookup.error = "the secret '" + ref.secret_id + "' is not a JSON object with the key '" +
                   ref.json_key + "'";
    return lookup;
  }
  const nlohmann::json& member = document[ref.json_key];
  lookup.value = member.is_string() ? member.get<std::string>() : member.dump();
  return lookup;
}

}  // namespace lockstep::executors::local

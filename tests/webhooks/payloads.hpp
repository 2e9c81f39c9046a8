// Small GitHub payloads for tests that need a particular ref, file list or pull request action.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace lockstep::testing {

inline const std::string kBefore = "1111111111111111111111111111111111111111";
inline const std::string kAfter = "2222222222222222222222222222222222222222";
inline const std::string kPrHead = "4444444444444444444444444444444444444444";

// A push of one commit changing `files` to `ref` (refs/heads/... or refs/tags/...).
inline nlohmann::json push_payload(const std::string& repository, const std::string& ref,
                                   const std::vector<std::string>& files = {"README.md"},
                                   bool created = false, bool deleted = false) {
  return {{"ref", ref},
          {"before", created ? std::string(40, '0') : kBefore},
          {"after", deleted ? std::string(40, '0') : kAfter},
          {"created", created},
          {"deleted", deleted},
          {"repository", {{"full_name", repository}}},
          {"head_commit",
           deleted ? nlohmann::json(nullptr) : nlohmann::json{{"id", kAfter}, {"message", "m"}}},
          {"commits", deleted ? nlohmann::json::array()
                              : nlohmann::json::array({{{"id", kAfter},
                                                        {"added", files},
                                                        {"modified", nlohmann::json::array()},
                                                        {"removed", nlohmann::json::array()}}})}};
}

inline nlohmann::json pull_request_payload(const std::string& repository, const std::string& action,
                                           const std::string& source,
                                           const std::string& destination) {
  return {{"action", action},
          {"number", 7},
          {"repository", {{"full_name", repository}}},
          {"pull_request",
           {{"title", "change"},
            {"head", {{"ref", source}, {"sha", kPrHead}}},
            {"base", {{"ref", destination}}}}}};
}

}  // namespace lockstep::testing

#include "server/webhook_event.hpp"

namespace lockstep::server {

const nlohmann::json* PayloadReader::at(const std::string& pointer, bool required) {
  try {
    const nlohmann::json::json_pointer path(pointer);
    if (root_.contains(path)) {
      const nlohmann::json& value = root_.at(path);
      if (!value.is_null()) return &value;
    }
  } catch (const nlohmann::json::exception&) {
    // A path through a value that is not an object or array: the field is absent.
  }
  if (required) problems_.push_back(pointer + ": is missing");
  return nullptr;
}

std::string PayloadReader::string(const std::string& pointer, bool required) {
  const nlohmann::json* value = at(pointer, required);
  if (value == nullptr) return {};
  if (!value->is_string()) {
    problems_.push_back(pointer + ": must be a string, not " + value->type_name());
    return {};
  }
  return value->get<std::string>();
}

bool PayloadReader::boolean(const std::string& pointer, bool required) {
  const nlohmann::json* value = at(pointer, required);
  if (value == nullptr) return false;
  if (!value->is_boolean()) {
    problems_.push_back(pointer + ": must be true or false, not " + value->type_name());
    return false;
  }
  return value->get<bool>();
}

std::vector<std::string> PayloadReader::commit_files(const std::string& commits_pointer) {
  std::vector<std::string> files;
  const nlohmann::json* commits = at(commits_pointer, false);
  if (commits == nullptr) return files;
  if (!commits->is_array()) {
    problems_.push_back(commits_pointer + ": must be an array, not " + commits->type_name());
    return files;
  }
  for (std::size_t i = 0; i < commits->size(); ++i) {
    for (const char* list : {"added", "modified", "removed"}) {
      const std::string pointer = commits_pointer + "/" + std::to_string(i) + "/" + list;
      const nlohmann::json* paths = at(pointer, false);
      if (paths == nullptr) continue;
      if (!paths->is_array()) {
        problems_.push_back(pointer + ": must be an array, not " + paths->type_name());
        continue;
      }
      for (const auto& path : *paths) {
        if (path.is_string()) files.push_back(path.get<std::string>());
      }
    }
  }
  return files;
}

}  // namespace lockstep::server

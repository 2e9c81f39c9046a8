// config/examples/lockstep.yaml stays the reference: it loads cleanly and documents every
// setting with a comment above it, naming the setting's variable.
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "config/server_config.hpp"
#include "config/settings.hpp"

namespace {

const std::string kExample = std::string(LOCKSTEP_SOURCE_DIR) + "/config/examples/lockstep.yaml";

std::vector<std::string> example_lines() {
  std::ifstream in(kExample);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace

TEST_CASE("the example configuration loads without problems", "[config]") {
  const auto loaded = lockstep::config::load_config(kExample, {});
  for (const auto& problem : loaded.problems) UNSCOPED_INFO(problem.key << ": " << problem.message);
  CHECK(loaded.ok());
}

TEST_CASE("the example documents every setting with a comment above it", "[config]") {
  const auto lines = example_lines();
  REQUIRE_FALSE(lines.empty());
  for (const auto& setting : lockstep::config::settings()) {
    const std::string key(setting.key);
    const std::string leaf = key.substr(key.rfind('.') + 1);  // npos + 1 == 0
    const std::string indent(2 * static_cast<std::size_t>(std::count(key.begin(), key.end(), '.')),
                             ' ');
    INFO(key);
    bool found = false;
    for (std::size_t i = 1; i < lines.size(); ++i) {
      if (!lines[i].starts_with(indent + leaf + ":")) continue;
      found = true;
      // The comment block right above the key names its variable.
      std::string comment;
      for (std::size_t j = i; j-- > 0 && lines[j].find('#') != std::string::npos;) {
        comment = lines[j] + comment;
      }
      CHECK_FALSE(comment.empty());
      CHECK(comment.find(std::string(setting.environment)) != std::string::npos);
    }
    CHECK(found);
  }
}

TEST_CASE("the example says that unknown LOCKSTEP variables are ignored", "[config]") {
  std::ifstream in(kExample);
  std::stringstream text;
  text << in.rdbuf();
  CHECK(text.str().find("Unknown LOCKSTEP_* variables are ignored") != std::string::npos);
}

TEST_CASE("the example documents every map setting with a comment above it", "[config]") {
  const auto lines = example_lines();
  for (const auto& setting : lockstep::config::map_settings()) {
    const std::string key(setting.key);
    const std::string leaf = key.substr(key.rfind('.') + 1);
    const auto depth = static_cast<std::size_t>(std::count(key.begin(), key.end(), '.'));
    INFO(key);
    bool found = false;
    for (std::size_t i = 1; i < lines.size(); ++i) {
      if (!lines[i].starts_with(std::string(2 * depth, ' ') + leaf + ":")) continue;
      found = true;
      CHECK(lines[i - 1].find('#') != std::string::npos);
    }
    CHECK(found);
  }
}

// What `lockstep serve` writes on stderr: JSON lines a collector can parse, or text for people.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "tests/integration/lockstep_process.hpp"

using namespace lockstep::testing;

TEST_CASE("the JSON log format writes one JSON object per line", "[serve]") {
  TempDir dir;
  ServerProcess server(dir / "data", {"--log-format", "json"});
  REQUIRE(server.stop().first == 0);
  const auto lines = lines_of(server.process().err());
  REQUIRE(lines.size() >= 3);
  bool saw_listening = false;
  for (const auto& line : lines) {
    INFO(line);
    const auto entry = nlohmann::json::parse(line);  // throws, failing the test, when not JSON
    CHECK(entry.at("time").is_string());
    CHECK(entry.at("level").is_string());
    CHECK(entry.at("msg").is_string());
    if (entry.at("msg").get<std::string>().starts_with("listening on http://127.0.0.1:")) {
      saw_listening = true;
      CHECK(entry.at("level") == "info");
    }
  }
  CHECK(saw_listening);
}

TEST_CASE("the text log format writes one readable line per event", "[serve]") {
  TempDir dir;
  ServerProcess server(dir / "data", {"--log-format", "text"});
  REQUIRE(server.stop().first == 0);
  const std::regex text_line(R"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3} \w+ .+$)");
  for (const auto& line : lines_of(server.process().err())) {
    INFO(line);
    CHECK(std::regex_match(line, text_line));
  }
}

// LogSink on its own: file and followers see the same bytes; late followers get an offset.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "executors/local/log_sink.hpp"
#include "process_harness.hpp"
#include "tests/support/temp_dir.hpp"

using lockstep::executors::local::LogSink;
using lockstep::executors::local::testing::read_file;

TEST_CASE("a follower that joins late reads the file up to its offset and misses nothing") {
  lockstep::testing::TempDir dir("lockstep-log");
  LogSink sink(dir / "action.log");
  sink.write("early\n");

  std::string live;
  bool ended = false;
  const auto subscription =
      sink.follow({[&](std::string_view chunk) { live += chunk; }, [&] { ended = true; }});
  CHECK(subscription.offset == 6);
  CHECK_FALSE(subscription.ended);
  sink.write("late\n");

  const std::string file = read_file(dir / "action.log");
  CHECK(file.substr(0, subscription.offset) + live == file);
  CHECK(live == "late\n");

  sink.close();
  CHECK(ended);
  sink.write("ignored\n");
  CHECK(read_file(dir / "action.log") == "early\nlate\n");
  CHECK(sink.follow({}).ended);
}

TEST_CASE("an unfollowed follower gets nothing more and an existing log is appended to") {
  lockstep::testing::TempDir dir("lockstep-log");
  dir.write("action.log", "before\n");
  LogSink sink(dir / "action.log");
  CHECK(sink.size() == 7);
  std::vector<std::string> chunks;
  const auto subscription =
      sink.follow({[&](std::string_view chunk) { chunks.emplace_back(chunk); }, {}});
  sink.write("one\n");
  sink.unfollow(subscription.id);
  sink.write("two\n");
  CHECK(chunks == std::vector<std::string>{"one\n"});
  CHECK(read_file(dir / "action.log") == "before\none\ntwo\n");
  CHECK_FALSE(sink.error());
}

// Server-Sent Events framing: fields, multi-line data, and logs cut into line events whose ids
// are byte offsets.
#include <catch2/catch.hpp>

#include "server/sse_format.hpp"

using lockstep::server::LogEventFramer;
using lockstep::server::sse_comment;
using lockstep::server::sse_event;

TEST_CASE("an event carries its id and name and one data field per line") {
  CHECK(sse_event("log", "12", "first\nsecond") ==
        "id: 12\nevent: log\ndata: first\ndata: second\n\n");
  CHECK(sse_event("", "", "{\"a\":1}") == "data: {\"a\":1}\n\n");
}

TEST_CASE("carriage returns never reach the stream where they would end a field") {
  CHECK(sse_event("log", "", "progress 50%\rprogress 100%\r") ==
        "event: log\ndata: progress 50%progress 100%\n\n");
  CHECK(sse_comment("a\r\nb") == ": ab\n\n");
}

TEST_CASE("the framer sends whole lines and holds a partial one until its newline") {
  LogEventFramer framer(0);
  CHECK(framer.feed("one\ntw") == "id: 4\nevent: log\ndata: one\n\n");
  CHECK(framer.feed("o") == "");
  CHECK(framer.offset() == 7);
  CHECK(framer.feed("\nthree\n") == "id: 14\nevent: log\ndata: two\ndata: three\n\n");
  CHECK(framer.flush() == "");
}

TEST_CASE("the framer sends the held partial line when the log ends") {
  LogEventFramer framer(100);
  CHECK(framer.feed("last words") == "");
  CHECK(framer.flush() == "id: 110\nevent: log\ndata: last words\n\n");
  CHECK(framer.offset() == 110);
}

TEST_CASE("an empty line in the log is an empty data field") {
  LogEventFramer framer(0);
  CHECK(framer.feed("a\n\nb\n") == "id: 5\nevent: log\ndata: a\ndata: \ndata: b\n\n");
}
